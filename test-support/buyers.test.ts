import { expect, it } from "vitest";
import { currentUser } from "@/lib/auth/session";
import { signUpBuyer } from "@/test-support/buyers";

it("a signed-up buyer's cookie identifies them on later requests", async () => {
  const buyer = await signUpBuyer();
  expect(await currentUser(buyer.headers)).toMatchObject({ id: buyer.id, email: buyer.email });
  expect(await currentUser(new Headers())).toBeNull();
});
