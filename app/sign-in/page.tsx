import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { signInTexts } from "@/lib/i18n/auth-texts";
import { productNames } from "@/lib/i18n/products";
import { currentUser } from "@/lib/auth/session";
import { AuthPanel } from "@/components/auth/auth-panel";
import { productToBuy } from "@/components/auth/product-to-buy";
import { safeNextPath } from "@/components/auth/safe-next-path";
import { SignInForm } from "@/components/auth/sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("signInTitle") };
}

interface SignInPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const next = safeNextPath((await searchParams).next);
  if (await currentUser()) redirect(next);
  const [t, nameOf, texts] = await Promise.all([getTranslations("auth"), productNames(), signInTexts()]);
  const buying = productToBuy(next);
  return (
    <AuthPanel title={t("signInTitle")} intro={buying ? t("signInToBuy", { product: nameOf(buying) }) : t("signInIntro")}>
      <SignInForm next={next} texts={texts} />
    </AuthPanel>
  );
}
