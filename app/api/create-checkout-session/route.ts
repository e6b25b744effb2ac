import { checkoutRequest } from "@/lib/api-contract/checkout-api";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute, publicOrigin } from "@/lib/http/api-route";
import { stripeLocale } from "@/lib/i18n/locales";
import { localeOfRequest } from "@/lib/i18n/negotiate";
import { startCheckout } from "@/lib/payments/checkout/start-checkout";
import { signedInJson } from "@/lib/http/signed-in-json";
import { checkoutUiFor } from "@/lib/stripe-gateway/stripe-js";

const priceIdFormat = /^price_[A-Za-z0-9_]{1,250}$/;

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    const { user, body } = await signedInJson(request, checkoutRequest, 'Send a JSON body like {"priceId": "price_…"}.');
    if (!priceIdFormat.test(body.priceId)) {
      throw new ApiError("invalid_price_id", `"${body.priceId.slice(0, 60)}" is not a price id (price_…).`);
    }
    const ui = checkoutUiFor(body.ui);
    return Response.json(await startCheckout(user, body.priceId, publicOrigin(request), stripeLocale(localeOfRequest(request)), ui));
  },
});
