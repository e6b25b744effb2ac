import { MessagePage } from "@/components/message-page";

export default function NotFound() {
  return (
    <MessagePage title="Page not found">
      <p>We looked everywhere, but this page does not exist. It may have moved, or the link may be mistyped.</p>
    </MessagePage>
  );
}
