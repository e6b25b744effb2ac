// Where to send someone after signing in. Only same-site paths are accepted: "//evil.example"
// and "/\evil.example" are read by browsers as other hosts, which would make sign-in an open
// redirect.
export function safeNextPath(value: string | string[] | undefined): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (!candidate || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) return "/";
  return candidate;
}

export function signInHref(next: string): string {
  return `/sign-in?next=${encodeURIComponent(next)}`;
}
