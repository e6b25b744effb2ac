export type PortalSession = {
  id: string;
  object: "billing_portal.session";
  customer: string;
  return_url: string | null;
  url: string;
  [key: string]: unknown;
};

export function buildPortalSession(input: { id: string; now: number; customer: string; returnUrl: string | null; url: string }): PortalSession {
  return {
    id: input.id,
    object: "billing_portal.session",
    configuration: "bpc_sandboxdefault",
    created: input.now,
    customer: input.customer,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: null,
    on_behalf_of: null,
    return_url: input.returnUrl,
    url: input.url,
  };
}
