import { invalidRequest, resourceMissing } from "../http/errors";
import type { PaymentMethod } from "../objects/payment-method";
import { paymentMethodFor } from "../payments/intent-confirm";
import { getCustomer } from "./lookups";
import type { ApiRouter } from "./types";

export function registerPaymentMethods(router: ApiRouter): void {
  // Test tokens such as pm_card_chargeCustomerFail become a new PaymentMethod, as on Stripe.
  router.add("POST", "/v1/payment_methods/:id/attach", (deps, req) => {
    const p = req.params.allowOnly(["customer"]);
    const customer = getCustomer(deps, p.requiredString("customer"), "customer");
    const pm = paymentMethodFor(deps, req.path.get("id"), customer.id);
    if (pm.customer && pm.customer !== customer.id) {
      throw invalidRequest(`The payment method you provided has already been attached to a customer.`, { param: "payment_method" });
    }
    pm.customer = customer.id;
    deps.store.touch();
    deps.bus.emit("payment_method.attached", pm);
    return pm;
  });

  router.add("POST", "/v1/payment_methods/:id/detach", (deps, req) => {
    req.params.allowOnly([]);
    const pm = deps.store.get<PaymentMethod>("payment_method", req.path.get("id"));
    if (!pm) throw resourceMissing("payment_method", req.path.get("id"));
    if (!pm.customer) throw invalidRequest(`The payment method ${pm.id} is not attached to a customer so detachment is impossible.`, { param: "payment_method" });
    pm.customer = null;
    deps.store.touch();
    deps.bus.emit("payment_method.detached", pm);
    return pm;
  });
}
