import { formatAmount } from "../money/currencies";
import type { PaymentIntent } from "../objects/payment-intent";
import { html, page } from "./html";

/** Stands in for the issuer's 3-D Secure frame, with Stripe's test-page buttons. */
export function renderChallengePage(pi: PaymentIntent): string {
  const action = `/c/3ds/${pi.id}`;
  return page(
    "3D Secure authentication",
    html`<main><section aria-label="3D Secure"><h1>3D Secure 2 Test Page</h1>
    <p>Authenticate the payment of ${formatAmount(pi.amount, pi.currency)}.</p>
    <form method="post" action="${action}">
      <button type="submit" name="outcome" value="complete">Complete authentication</button>
      <button type="submit" name="outcome" value="fail" class="secondary">Fail authentication</button>
    </form></section></main>`,
  );
}
