// The benchmark's floor route: what `next start` costs for the least an API route can do. Built
// only when STOREFRONT_BENCH=1 adds the .bench.ts extension (next.config.ts), so never shipped.
export function GET(): Response {
  return Response.json({ ok: true });
}
