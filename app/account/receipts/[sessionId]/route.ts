import { checkoutSessionIdFormat } from "@/lib/api-contract/payment-status-api";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { receiptUrlFor } from "@/lib/account/receipts";
import { currentUser } from "@/lib/auth/session";

// The purchase history's "Receipt" link: sends the buyer on to Stripe's receipt for their own
// purchase. A link the browser follows, so a signed-out visitor is sent to sign in, not answered 401.

const SIGN_IN_PATH = "/sign-in?next=/account";

const seeOther = (location: string) => new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute<{ params: Promise<{ sessionId: string }> }>({
  GET: async (request, { params }) => {
    const { sessionId } = await params;
    // Checked before anything is looked up: a NUL or a megabyte of text must not reach the database.
    if (!checkoutSessionIdFormat.test(sessionId)) throw new ApiError("invalid_request", "That is not a Checkout Session id (cs_…).");
    const user = await currentUser(request.headers);
    if (!user) return seeOther(SIGN_IN_PATH);
    const receipt = await receiptUrlFor(user.id, sessionId);
    switch (receipt.kind) {
      case "found":
        return seeOther(receipt.url);
      case "not_found":
        throw new ApiError("not_found", "You have no purchase with that id.");
      case "no_receipt":
        throw new ApiError("not_found", "This purchase has no receipt: no payment was taken for it, or Stripe has not issued one yet.");
    }
  },
});
