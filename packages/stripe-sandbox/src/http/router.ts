export type PathParams = { get(name: string): string };

type Route<H> = { method: string; parts: string[]; handler: H };

/** Method + `/v1/things/:id` matcher; enough for a fixed API surface, without a dependency. */
export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method, parts: pattern.split("/").filter(Boolean), handler });
    return this;
  }

  match(method: string, path: string): { handler: H; params: PathParams } | { methodMismatch: true } | undefined {
    const segments = path.split("/").filter(Boolean);
    let pathMatched = false;
    for (const route of this.routes) {
      const found = matchParts(route.parts, segments);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      return {
        handler: route.handler,
        params: {
          get(name: string): string {
            const value = found.get(name);
            if (value === undefined) throw new Error(`route has no :${name}`);
            return value;
          },
        },
      };
    }
    return pathMatched ? { methodMismatch: true } : undefined;
  }
}

function matchParts(parts: string[], segments: string[]): Map<string, string> | undefined {
  if (parts.length !== segments.length) return undefined;
  const params = new Map<string, string>();
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    const segment = segments[i] ?? "";
    if (part.startsWith(":")) params.set(part.slice(1), decodeURIComponent(segment));
    else if (part !== segment) return undefined;
  }
  return params;
}
