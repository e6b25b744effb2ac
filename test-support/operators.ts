import { grantOperator } from "@/lib/admin/roles";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";

/** A signed-in store operator: a buyer who signed up, then was granted the role as `npm run admin -- grant` does. */
export async function signUpOperator(name = "Test Operator"): Promise<TestBuyer> {
  const operator = await signUpBuyer(name);
  if ((await grantOperator(operator.email, "test")) !== "granted") throw new Error(`could not grant ${operator.email} the operator role`);
  return operator;
}
