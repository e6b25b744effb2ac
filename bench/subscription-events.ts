import { newEvents } from "@/e2e/chaos/events";
import { priceIds } from "@/e2e/chaos/purchases";
import { signUp, startCheckout } from "@/e2e/chaos/storefront";
import { load, nextClientIp } from "./load";
import type { Server, Stack } from "./stack";

// Subscription lifecycles for the bench's subscription arms, made before anything is measured:
// a buyer subscribes over HTTP and pays in the sandbox (its checkout is settled, untimed), then
// Stripe's side does what a Dashboard or the billing portal would: an upgrade, a cancellation at
// the period end, the end. The arms deliver each lifecycle's four subscription events: in order,
// or every event twice in a shuffled order, as Stripe may.

const LIFECYCLE = ["customer.subscription.created", "customer.subscription.updated", "customer.subscription.updated", "customer.subscription.deleted"];

/** The four payloads of one subscription's lifecycle, in the order Stripe sent them. */
export type Lifecycle = string[];

async function subscribedBuyer(stack: Stack, server: Server, starter: string): Promise<string> {
  const buyer = await signUp(server.app);
  const sessionId = await startCheckout(server.app, { ...buyer, ip: nextClientIp() }, starter);
  await stack.sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  return sessionId;
}

/** `count` lifecycles, made `concurrency` at a time. */
export async function prepareLifecycles(stack: Stack, server: Server, count: number): Promise<Lifecycle[]> {
  const { stripe } = stack.sandbox;
  const priceOf = await priceIds(stack.sandbox);
  const seen = new Set((await newEvents(stripe, new Set())).map((event) => event.id));
  const subscriptions: string[] = [];
  await load(count, 8, async () => {
    const session = await stripe.checkout.sessions.retrieve(await subscribedBuyer(stack, server, priceOf("starter")));
    subscriptions.push(String(session.subscription));
    return new Response(null);
  });
  // Their checkouts settle untimed, so every plan row exists before the arms run.
  for (const event of await newEvents(stripe, seen)) {
    if (event.type === "checkout.session.completed" && !(await stack.sendEvent(server, event.payload)).ok) throw new Error("a subscription checkout did not settle");
  }
  await load(subscriptions.length, 8, async (i) => {
    const id = subscriptions[i] ?? "";
    const item = (await stripe.subscriptions.retrieve(id)).items.data[0];
    await stripe.subscriptions.update(id, { items: [{ id: item?.id ?? "", price: priceOf("advanced") }], proration_behavior: "none" });
    await stripe.subscriptions.update(id, { cancel_at_period_end: true });
    await stripe.subscriptions.cancel(id);
    return new Response(null);
  });
  const bySubscription = new Map<string, string[]>(subscriptions.map((id) => [id, []]));
  for (const event of await newEvents(stripe, new Set())) {
    const object = (JSON.parse(event.payload) as { data: { object: { id: string } } }).data.object;
    if (event.type.startsWith("customer.subscription.")) bySubscription.get(object.id)?.push(event.payload);
  }
  const lifecycles = [...bySubscription.values()];
  for (const lifecycle of lifecycles) {
    const types = lifecycle.map((payload) => (JSON.parse(payload) as { type: string }).type);
    if (JSON.stringify(types) !== JSON.stringify(LIFECYCLE)) throw new Error(`unexpected lifecycle events: ${types.join(", ")}`);
  }
  return lifecycles;
}

/** Every event of the lifecycles twice, in a shuffled order (a fixed seed, so each run sends the same). */
export function shuffledWithCopies(lifecycles: readonly Lifecycle[]): string[] {
  const events = lifecycles.flatMap((lifecycle) => [...lifecycle, ...lifecycle]);
  let state = 20261206;
  for (let i = events.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [events[i], events[j]] = [events[j] as string, events[i] as string];
  }
  return events;
}
