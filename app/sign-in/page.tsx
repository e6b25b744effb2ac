import { signInTexts } from "@/lib/i18n/auth-texts";
import { AuthPage, authPageMetadata, type AuthPageProps } from "@/components/auth/auth-page";
import { SignInForm } from "@/components/auth/sign-in-form";

export const generateMetadata = () => authPageMetadata("signIn");

export default function SignInPage({ searchParams }: AuthPageProps) {
  return <AuthPage kind="signIn" searchParams={searchParams} form={async (next) => <SignInForm next={next} texts={await signInTexts()} />} />;
}
