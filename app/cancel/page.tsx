import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Checkout canceled" };

export default function CancelPage() {
  return (
    <div className="card mx-auto max-w-xl space-y-4 p-8 text-slate-700">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">Checkout canceled</h1>
      <p>Nothing was charged.</p>
      <p>
        <Link href="/" className="button-primary">
          Back to pricing
        </Link>
      </p>
    </div>
  );
}
