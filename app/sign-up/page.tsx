import { signUpTexts } from "@/lib/i18n/auth-texts";
import { AuthPage, authPageMetadata, type AuthPageProps } from "@/components/auth/auth-page";
import { SignUpForm } from "@/components/auth/sign-up-form";

export const generateMetadata = () => authPageMetadata("signUp");

export default function SignUpPage({ searchParams }: AuthPageProps) {
  return <AuthPage kind="signUp" searchParams={searchParams} form={async (next) => <SignUpForm next={next} texts={await signUpTexts()} />} />;
}
