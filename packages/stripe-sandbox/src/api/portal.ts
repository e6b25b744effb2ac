import { newId } from "../core/ids";
import { invalidRequest } from "../http/errors";
import { buildPortalSession, type PortalFlow } from "../objects/portal-session";
import { getSubscription } from "./billing";
import { getCustomer } from "./lookups";
import type { ApiRouter } from "./types";

const FLOWS = ["payment_method_update", "subscription_cancel", "subscription_update", "subscription_update_confirm"] as const;

export function registerPortal(router: ApiRouter): void {
  router.add("POST", "/v1/billing_portal/sessions", (deps, req) => {
    const p = req.params.allowOnly(["customer", "return_url", "configuration", "flow_data", "locale", "on_behalf_of"]);
    const customer = getCustomer(deps, p.requiredString("customer"), "customer");
    const flowData = p.object("flow_data");
    let flow: PortalFlow | null = null;
    if (flowData) {
      const type = flowData.oneOf("type", FLOWS);
      if (!type) throw invalidRequest("Missing required param: flow_data[type].", { code: "parameter_missing", param: "flow_data[type]" });
      const target = type === "payment_method_update" ? undefined : flowData.object(type);
      const subscriptionId = target?.string("subscription");
      if (type !== "payment_method_update" && !subscriptionId) {
        throw invalidRequest(`Missing required param: flow_data[${type}][subscription].`, { code: "parameter_missing", param: `flow_data[${type}][subscription]` });
      }
      const subscription = subscriptionId ? getSubscription(deps, subscriptionId, `flow_data[${type}][subscription]`) : null;
      if (subscription && subscription.customer !== customer.id) {
        throw invalidRequest(`The subscription ${subscription.id} does not belong to customer ${customer.id}.`, { param: `flow_data[${type}][subscription]` });
      }
      const afterCompletion = flowData.object("after_completion");
      const returnUrl = afterCompletion?.object("redirect")?.string("return_url") ?? null;
      flow = { type, subscription: subscription?.id ?? null, afterCompletion: afterCompletion?.oneOf("type", ["hosted_confirmation", "portal_homepage", "redirect"] as const) ?? "portal_homepage", redirectUrl: returnUrl };
    }
    const id = newId("bps");
    return deps.store.insert(
      buildPortalSession({ id, now: deps.clock.now(), customer: customer.id, returnUrl: p.string("return_url") ?? null, url: `${deps.publicBase()}/p/session/${id}`, flow }),
    );
  });
}
