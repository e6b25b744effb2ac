import { Router } from "../http/router";
import { registerBilling } from "./billing";
import { registerCheckoutSessions } from "./checkout-sessions";
import { registerCoupons } from "./coupons";
import { registerCustomers } from "./customers";
import { registerDisputes } from "./disputes";
import { registerEvents } from "./events";
import { registerInvoices } from "./invoices";
import { registerPaymentMethods } from "./payment-methods";
import { registerPortal } from "./portal";
import { registerPayments } from "./payments";
import { registerPrices } from "./prices";
import { registerProducts } from "./products";
import { registerPromotionCodes } from "./promotion-codes";
import { registerRefunds } from "./refunds";
import { registerSubscriptionSchedules } from "./subscription-schedules";
import { registerTestClocks } from "./test-clocks";
import type { ApiHandler } from "./types";

export function apiRouter(): Router<ApiHandler> {
  const router = new Router<ApiHandler>();
  registerProducts(router);
  registerPrices(router);
  registerCustomers(router);
  registerCoupons(router);
  registerPromotionCodes(router);
  registerCheckoutSessions(router);
  registerPayments(router);
  registerRefunds(router);
  registerDisputes(router);
  registerBilling(router);
  registerSubscriptionSchedules(router);
  registerInvoices(router);
  registerPortal(router);
  registerPaymentMethods(router);
  registerTestClocks(router);
  registerEvents(router);
  return router;
}
