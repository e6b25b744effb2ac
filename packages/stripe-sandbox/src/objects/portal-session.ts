export type PortalFlow = {
  type: "payment_method_update" | "subscription_cancel" | "subscription_update" | "subscription_update_confirm";
  subscription: string | null;
  afterCompletion: "hosted_confirmation" | "portal_homepage" | "redirect";
  redirectUrl: string | null;
};

export type PortalSession = {
  id: string;
  object: "billing_portal.session";
  customer: string;
  return_url: string | null;
  url: string;
  flow: ReturnType<typeof renderFlow> | null;
  [key: string]: unknown;
};

function renderFlow(flow: PortalFlow) {
  const target = flow.subscription ? { subscription: flow.subscription } : null;
  return {
    after_completion: {
      hosted_confirmation: flow.afterCompletion === "hosted_confirmation" ? { custom_message: null } : null,
      redirect: flow.afterCompletion === "redirect" ? { return_url: flow.redirectUrl } : null,
      type: flow.afterCompletion,
    },
    subscription_cancel: flow.type === "subscription_cancel" ? { retention: null, ...target } : null,
    subscription_update: flow.type === "subscription_update" ? target : null,
    subscription_update_confirm: flow.type === "subscription_update_confirm" ? { discounts: null, items: [], ...target } : null,
    type: flow.type,
  };
}

export function buildPortalSession(input: { id: string; now: number; customer: string; returnUrl: string | null; url: string; flow: PortalFlow | null }): PortalSession {
  return {
    id: input.id,
    object: "billing_portal.session",
    configuration: "bpc_sandboxdefault",
    created: input.now,
    customer: input.customer,
    customer_account: null,
    flow: input.flow ? renderFlow(input.flow) : null,
    livemode: false,
    locale: null,
    on_behalf_of: null,
    return_url: input.returnUrl,
    url: input.url,
  };
}
