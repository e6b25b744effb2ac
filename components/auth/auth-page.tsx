import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { currentUser } from "@/lib/auth/session";
import { productNames } from "@/lib/i18n/product-texts";
import { AuthPanel } from "@/components/auth/auth-panel";
import { productToBuy } from "@/components/auth/product-to-buy";
import { safeNextPath } from "@/components/auth/safe-next-path";

// The sign-in and sign-up pages: where the buyer goes afterwards (`next`, kept on this site), a
// signed-in visitor sent straight on, and the product they were about to buy named in the intro.

type AuthKind = "signIn" | "signUp";

export interface AuthPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function authPageMetadata(kind: AuthKind): Promise<Metadata> {
  return { title: (await getTranslations("auth"))(`${kind}Title`) };
}

export async function AuthPage({ kind, searchParams, form }: AuthPageProps & { kind: AuthKind; form: (next: string) => Promise<ReactNode> }) {
  const next = safeNextPath((await searchParams).next);
  if (await currentUser()) redirect(next);
  const [t, nameOf, formNode] = await Promise.all([getTranslations("auth"), productNames(), form(next)]);
  const buying = productToBuy(next);
  return (
    <AuthPanel title={t(`${kind}Title`)} intro={buying ? t(`${kind}ToBuy`, { product: nameOf(buying) }) : t(`${kind}Intro`)}>
      {formNode}
    </AuthPanel>
  );
}
