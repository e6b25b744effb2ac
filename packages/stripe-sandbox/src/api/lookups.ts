import type { Deps } from "../core/deps";
import { invalidRequest, resourceMissing } from "../http/errors";
import type { Customer } from "../objects/customer";
import type { PaymentMethod } from "../objects/payment-method";
import type { TestClock } from "../objects/test-clock";

// Objects that a request names by id, fetched with Stripe's error when missing. Shared by several
// resources' routes, so here rather than in one of them (which made the routes import each other).

export function getCustomer(deps: Deps, id: string, param = "id"): Customer {
  const customer = deps.store.get<Customer>("customer", id);
  if (!customer) throw resourceMissing("customer", id, param);
  return customer;
}

export function getTestClock(deps: Deps, id: string, param = "test_clock"): TestClock {
  const clock = deps.store.get<TestClock>("test_helpers.test_clock", id);
  if (!clock) throw resourceMissing("test_helpers.test_clock", id, param);
  return clock;
}

/** A customer's default must be one of its own payment methods, as on Stripe. */
export function attachedPaymentMethod(deps: Deps, customer: Customer, id: string, param: string): PaymentMethod {
  const pm = deps.store.get<PaymentMethod>("payment_method", id);
  if (!pm) throw resourceMissing("PaymentMethod", id, param);
  if (pm.customer !== customer.id) {
    throw invalidRequest(`The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`, { param });
  }
  return pm;
}
