import { createHmac, randomBytes } from "node:crypto";

function hmacHex(secret: string, content: string): string {
  return createHmac("sha256", secret).update(content, "utf8").digest("hex");
}

/**
 * `t=…,v1=…,v0=…` like test-mode Stripe: the key is the whole `whsec_` string (not base64-decoded),
 * and v0 is a decoy that receivers must ignore, so a verifier that wrongly accepts any scheme is caught.
 */
export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  const v1 = hmacHex(secret, `${timestamp}.${payload}`);
  const v0 = randomBytes(32).toString("hex");
  return `t=${timestamp},v1=${v1},v0=${v0}`;
}
