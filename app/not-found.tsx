import Link from "next/link";

export default function NotFound() {
  return (
    <div className="card mx-auto max-w-xl space-y-4 p-8 text-slate-700">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">Page not found</h1>
      <p>We looked everywhere, but this page does not exist. It may have moved, or the link may be mistyped.</p>
      <p>
        <Link href="/" className="button-primary">
          Back to pricing
        </Link>
      </p>
    </div>
  );
}
