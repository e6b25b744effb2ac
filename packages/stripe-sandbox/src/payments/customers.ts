import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import { buildCustomer, type Customer } from "../objects/customer";

export function createCustomer(deps: Deps, input: { email: string | null; name: string | null; phone?: string | null; description?: string | null; metadata?: Record<string, string>; testClock?: string | null; address?: Record<string, string | null> | null }): Customer {
  const customer = deps.store.insert(
    buildCustomer({
      id: newId("cus"),
      now: deps.clock.now(),
      email: input.email,
      name: input.name,
      phone: input.phone ?? null,
      description: input.description ?? null,
      metadata: input.metadata ?? {},
    }),
  );
  customer["test_clock"] = input.testClock ?? null;
  if (input.address) customer["address"] = input.address;
  deps.bus.emit("customer.created", customer);
  return customer;
}
