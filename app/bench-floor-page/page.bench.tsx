// The benchmark's floor page: the JavaScript every page of this build ships before its own.
// Built only when STOREFRONT_BENCH=1 adds the .bench.tsx extension (next.config.ts).
export default function BenchFloorPage() {
  return <p>hello</p>;
}
