import { Router } from "../http/router";
import { registerBilling } from "./billing";
import { registerCheckoutSessions } from "./checkout-sessions";
import { registerCustomers } from "./customers";
import { registerEvents } from "./events";
import { registerPayments } from "./payments";
import { registerPrices } from "./prices";
import { registerProducts } from "./products";
import type { ApiHandler } from "./types";

export function apiRouter(): Router<ApiHandler> {
  const router = new Router<ApiHandler>();
  registerProducts(router);
  registerPrices(router);
  registerCustomers(router);
  registerCheckoutSessions(router);
  registerPayments(router);
  registerBilling(router);
  registerEvents(router);
  return router;
}
