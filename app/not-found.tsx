import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/message-page";

export default async function NotFound() {
  const t = await getTranslations("errorPage");
  return (
    <MessagePage title={t("notFoundTitle")}>
      <p>{t("notFoundBody")}</p>
    </MessagePage>
  );
}
