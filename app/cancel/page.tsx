import type { Metadata } from "next";
import { MessagePage } from "@/components/message-page";

export const metadata: Metadata = { title: "Checkout canceled" };

export default function CancelPage() {
  return (
    <MessagePage title="Checkout canceled">
      <p>Nothing was charged.</p>
    </MessagePage>
  );
}
