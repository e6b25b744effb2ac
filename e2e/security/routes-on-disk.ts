import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Every route handler of the app as found on disk (a route written tomorrow is covered the day it
// is written), with the methods it handles and the Allow its 405 must carry (lib/http/api-route.ts).

export interface RouteOnDisk {
  /** `/api/check-payment-status/[sessionId]`. */
  template: string;
  /** GET and POST, as the route's apiRoute({…}) names them; none for the catch-all of unknown paths. */
  methods: string[];
  allow: string;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "route.ts")
    .map((file) => path.join(dir, file));
}

export function routesOnDisk(): RouteOnDisk[] {
  return [...routeFiles("app/api"), ...routeFiles("app/account")]
    .map((file) => {
      const methods = [...new Set([...readFileSync(file, "utf8").matchAll(/\b(GET|POST)\s*:/g)].map((m) => m[1] ?? ""))];
      const allow = [...methods.flatMap((method) => (method === "GET" ? ["GET", "HEAD"] : [method])), "OPTIONS"].join(", ");
      return { template: `/${path.dirname(file).split(path.sep).slice(1).join("/")}`, methods, allow };
    })
    .sort((a, b) => a.template.localeCompare(b.template));
}

/** The template with each [segment] filled from `samples`; [[...catchAll]] left empty. */
export function concretePath(template: string, samples: Record<string, string>): string {
  const filled = template.replace(/\/\[\[\.\.\.\w+\]\]/g, "").replace(/\[(?:\.\.\.)?(\w+)\]/g, (_whole, segment: string) => {
    const value = samples[segment];
    if (value === undefined) throw new Error(`add a sample for [${segment}] (${template}) to e2e/security`);
    return value;
  });
  return filled === "" ? "/" : filled;
}
