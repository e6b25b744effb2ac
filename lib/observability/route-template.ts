// The route a request reached, as its template (/api/check-payment-status/[sessionId]), for the
// metrics' route label: the URL itself would make a series per session id. Next gives a route
// handler its params but not its file's path, so the template is rebuilt from the two: each path
// segment that is a param's value becomes [name], a catch-all's segments become [...name].

type Params = Record<string, string | string[] | undefined>;

async function paramsOf(context: unknown): Promise<Params> {
  if (typeof context !== "object" || context === null || !("params" in context)) return {};
  const params: unknown = await context.params;
  return typeof params === "object" && params !== null ? (params as Params) : {};
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The template, or null when a param's value also spells another segment and so cannot be told apart. */
function templateOf(pathname: string, params: Params): string | null {
  const segments = pathname.split("/").filter(Boolean).map(decoded);
  const template = [...segments];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const parts = Array.isArray(value) ? value : [value];
    if (parts.length === 0) {
      template.push(`[[...${name}]]`);
      continue;
    }
    const start = segments.findIndex((_, index) => parts.every((part, offset) => segments[index + offset] === part));
    if (start === -1) return null;
    const spelledElsewhere = parts.some((part) => segments.filter((segment) => segment === part).length > 1);
    if (spelledElsewhere) return null;
    template.splice(start, parts.length, Array.isArray(value) ? `[...${name}]` : `[${name}]`, ...Array<string>(parts.length - 1).fill(""));
  }
  return `/${template.filter(Boolean).join("/")}`;
}

/**
 * One route's labeller: a route file's handlers serve one template, so the first one found is
 * kept, and every later request is counted under it whatever its URL spells.
 */
export function routeLabeller(): (request: Request, context: unknown) => Promise<string> {
  let known: string | undefined;
  return async (request, context) => {
    if (known) return known;
    const template = templateOf(new URL(request.url).pathname, await paramsOf(context));
    if (template === null) return "ambiguous";
    known = template;
    return known;
  };
}
