import { afterEach, describe, expect, it, vi } from "vitest";
import * as database from "@/lib/db";
import { withCheckoutLease } from "@/lib/payments/checkout/checkout-lease";
import { signUpBuyer } from "@/test-support/buyers";
import { logger } from "@/lib/observability/logger";

// A buyer's checkout starts (and plan changes) take turns through one lease row, held across
// Stripe calls instead of a transaction. What a buyer and an operator see of the turns: a second
// start waits, or is told to try again; a start never begins a Stripe call it could outlive; a
// lease that cannot be given back is logged and lapses by itself.

const leaseRelease = { fails: false };

vi.mock("@/lib/db", async (importOriginal) => {
  const real = await importOriginal<typeof database>();
  const db = new Proxy(real.db, {
    get(target, property, receiver) {
      if (property !== "checkoutLease" || !leaseRelease.fails) return Reflect.get(target, property, receiver);
      return { ...real.db.checkoutLease, deleteMany: () => Promise.reject(new Error("connection lost")) };
    },
  });
  return { ...real, db };
});

afterEach(() => {
  leaseRelease.fails = false;
  vi.restoreAllMocks();
});

const heldByAnotherStart = (userId: string) =>
  database.db.checkoutLease.create({ data: { userId, holder: "another-start", expiresAt: new Date(Date.now() + 120_000) } });

describe("a buyer's second checkout start", () => {
  it("waits for the first to finish, then goes ahead", async () => {
    const buyer = await signUpBuyer();
    await heldByAnotherStart(buyer.id);
    // The first start finishes (a Prisma query runs only once something awaits it).
    setTimeout(() => void database.db.checkoutLease.deleteMany({ where: { userId: buyer.id, holder: "another-start" } }).then(() => undefined), 300);

    expect(await withCheckoutLease(buyer.id, async () => "started")).toBe("started");
    expect(await database.db.checkoutLease.count({ where: { userId: buyer.id } })).toBe(0);
  });

  it("is told to try again in a moment, having started nothing, once the first has held the lease for as long as it waits", async () => {
    const buyer = await signUpBuyer();
    await heldByAnotherStart(buyer.id);
    const realNow = Date.now.bind(Date);
    let first = true;
    // The 25 seconds a start waits, passed at once: every clock reading after the first is later.
    vi.spyOn(Date, "now").mockImplementation(() => {
      const now = first ? realNow() : realNow() + 26_000;
      first = false;
      return now;
    });
    const work = vi.fn(async () => "started");

    await expect(withCheckoutLease(buyer.id, work)).rejects.toMatchObject({
      code: "checkout_in_progress",
      message: "Another checkout of yours is still starting. Please try again in a moment.",
    });
    expect(work).not.toHaveBeenCalled();
    expect(await database.db.checkoutLease.findMany({ where: { userId: buyer.id }, select: { holder: true } })).toEqual([{ holder: "another-start" }]);
  });
});

describe("a checkout start holding the lease", () => {
  it("gives back its own lease when it ends, and no other buyer's", async () => {
    const [buyer, other] = await Promise.all([signUpBuyer(), signUpBuyer()]);
    await heldByAnotherStart(other.id);

    await withCheckoutLease(buyer.id, async () => "started");

    expect(await database.db.checkoutLease.count({ where: { userId: buyer.id } })).toBe(0);
    expect(await database.db.checkoutLease.count({ where: { userId: other.id } })).toBe(1);
  });

  it("may begin a Stripe call until 40 seconds of its two minutes are left, and is refused one after that", async () => {
    const buyer = await signUpBuyer();
    const realNow = Date.now.bind(Date);

    const outcome = await withCheckoutLease(buyer.id, async (lease) => {
      vi.spyOn(Date, "now").mockImplementation(() => realNow() + 79_000);
      lease.ensureTimeLeft();
      vi.spyOn(Date, "now").mockImplementation(() => realNow() + 81_000);
      try {
        lease.ensureTimeLeft();
        return "began a call it could outlive";
      } catch (error) {
        return error;
      } finally {
        vi.restoreAllMocks();
      }
    });

    expect(outcome).toMatchObject({ code: "stripe_unavailable", message: "Payments are responding slowly. Please try again in a minute." });
  });

  it("finishes its work even when the lease cannot be given back, which the operator sees, and which lapses by itself", async () => {
    const buyer = await signUpBuyer();
    const logged = vi.spyOn(logger(), "error").mockImplementation(() => undefined);

    const outcome = await withCheckoutLease(buyer.id, async () => {
      leaseRelease.fails = true;
      return "started";
    });

    expect(outcome).toBe("started");
    expect(logged).toHaveBeenCalledWith({ err: expect.objectContaining({ message: "connection lost" }), userId: buyer.id }, "checkout lease: release failed; it lapses by itself");
    leaseRelease.fails = false;
    const [left] = await database.db.checkoutLease.findMany({ where: { userId: buyer.id } });
    expect(left?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 100_000);
  });
});
