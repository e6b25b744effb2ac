import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/session";
import { AuthPanel } from "@/components/auth-panel";
import { safeNextPath } from "@/components/safe-next-path";
import { SignUpForm } from "@/components/sign-up-form";

export const metadata: Metadata = { title: "Create account" };

interface SignUpPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function SignUpPage({ searchParams }: SignUpPageProps) {
  const next = safeNextPath((await searchParams).next);
  if (await currentUser()) redirect(next);
  return (
    <AuthPanel title="Create account" intro="One account for your plan, your coins and your receipts.">
      <SignUpForm next={next} />
    </AuthPanel>
  );
}
