import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/message-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("payment"))("cancelTitle") };
}

export default async function CancelPage() {
  const t = await getTranslations("payment");
  return (
    <MessagePage title={t("cancelTitle")}>
      <p>{t("cancelBody")}</p>
    </MessagePage>
  );
}
