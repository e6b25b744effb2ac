import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { signUpTexts } from "@/lib/i18n/auth-texts";
import { productNames } from "@/lib/i18n/products";
import { currentUser } from "@/lib/auth/session";
import { AuthPanel } from "@/components/auth/auth-panel";
import { productToBuy } from "@/components/auth/product-to-buy";
import { safeNextPath } from "@/components/auth/safe-next-path";
import { SignUpForm } from "@/components/auth/sign-up-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("signUpTitle") };
}

interface SignUpPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function SignUpPage({ searchParams }: SignUpPageProps) {
  const next = safeNextPath((await searchParams).next);
  if (await currentUser()) redirect(next);
  const [t, nameOf, texts] = await Promise.all([getTranslations("auth"), productNames(), signUpTexts()]);
  const buying = productToBuy(next);
  return (
    <AuthPanel title={t("signUpTitle")} intro={buying ? t("signUpToBuy", { product: nameOf(buying) }) : t("signUpIntro")}>
      <SignUpForm next={next} texts={texts} />
    </AuthPanel>
  );
}
