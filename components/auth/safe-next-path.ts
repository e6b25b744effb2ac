// A host no request can come from: resolving against it shows whether a browser would stay on
// whichever origin the storefront is served from.
const BASE = new URL("http://storefront.invalid");

// The URL parser silently drops tabs and newlines ("/\t/evil.example" becomes "//evil.example")
// and reads "\" as "/", so these must be refused before parsing, not after. C1 controls are
// refused too: nothing legitimate sends them, and some clients treat them as line breaks.
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * Where to send someone after signing in: a same-origin path, or "/" when `value` is anything a
 * browser could resolve to another origin (which would make sign-in an open redirect).
 * The result is the parser's normalized, percent-encoded form, so it is always ASCII and always a
 * valid Location header (a raw "é" or line break there made the redirect fail with a 500).
 */
export function safeNextPath(value: string | string[] | undefined): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (!candidate || !candidate.startsWith("/") || UNSAFE_CHARACTERS.test(candidate)) return "/";
  let resolved: URL;
  try {
    resolved = new URL(candidate, BASE);
  } catch {
    return "/";
  }
  if (resolved.origin !== BASE.origin) return "/";
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // Dot segments can normalize to a leading "//" ("/.//evil.example" has pathname
  // "//evil.example"), which a browser reads as another host once it is sent as a Location.
  return path.startsWith("//") ? "/" : path;
}

export function signInHref(next: string): string {
  return `/sign-in?next=${encodeURIComponent(next)}`;
}
