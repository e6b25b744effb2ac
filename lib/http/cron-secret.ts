import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/config/env";
import { ApiError } from "@/lib/http/api-error";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Scheduled jobs prove themselves with `Authorization: Bearer <CRON_SECRET>`, as cron services send it. */
export function requireCronSecret(request: Request): void {
  const secret = env().CRON_SECRET;
  if (!secret) throw new ApiError("cron_not_configured", "Scheduled jobs are disabled: CRON_SECRET is not set.");
  const presented = request.headers.get("authorization")?.match(/^Bearer (.+)$/)?.[1] ?? "";
  // Comparing digests keeps the comparison constant-time whatever the presented length.
  if (!timingSafeEqual(digest(presented), digest(secret))) {
    throw new ApiError("unauthenticated", "A valid cron secret is required.");
  }
}
