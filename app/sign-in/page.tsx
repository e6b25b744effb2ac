import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/session";
import { AuthPanel } from "@/components/auth-panel";
import { safeNextPath } from "@/components/safe-next-path";
import { SignInForm } from "@/components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

interface SignInPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const next = safeNextPath((await searchParams).next);
  if (await currentUser()) redirect(next);
  return (
    <AuthPanel title="Sign in" intro="Welcome back. Sign in to buy plans and points packs.">
      <SignInForm next={next} />
    </AuthPanel>
  );
}
