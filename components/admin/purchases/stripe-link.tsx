import { getTranslations } from "next-intl/server";

/** A link to an object's page in the Stripe Dashboard; `about` names the object for screen readers. */
export async function StripeLink({ href, about }: { href: string | null; about: string }) {
  if (!href) return null;
  const t = await getTranslations("admin.purchases");
  return (
    <a href={href} className="text-link whitespace-nowrap" target="_blank" rel="noopener noreferrer">
      {t("stripeLink")}
      <span className="sr-only"> ({about})</span>
    </a>
  );
}
