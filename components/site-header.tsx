import Link from "next/link";
import { currentUser } from "@/lib/session";
import { SignOutButton } from "@/components/sign-out-button";

const navLinkClass = "rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900";

export async function SiteHeader() {
  const user = await currentUser();

  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex w-full max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-3 px-4 py-4 sm:px-6">
        <Link href="/" className="text-lg font-bold tracking-tight text-slate-900">
          Storefront
        </Link>
        <nav aria-label="Main" className="flex flex-wrap items-center gap-x-3 gap-y-2">
          {user ? (
            <>
              <Link href="/" className={navLinkClass}>
                Pricing
              </Link>
              <Link href="/account" className={navLinkClass}>
                Account
              </Link>
              <span className="max-w-[16rem] truncate text-sm text-slate-600" title={user.email}>
                {user.email}
              </span>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/sign-in" className={navLinkClass}>
                Sign in
              </Link>
              <Link href="/sign-up" className="button-primary min-h-9 py-1.5">
                Create account
              </Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
