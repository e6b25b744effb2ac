import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/config/env";
import { ApiError } from "@/lib/http/api-error";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** A scrape proves itself with `Authorization: Bearer <METRICS_TOKEN>`, as Prometheus sends its bearer token. */
export function requireMetricsToken(request: Request): void {
  const token = env().METRICS_TOKEN;
  if (!token) throw new ApiError("metrics_not_configured", "Metrics are disabled: METRICS_TOKEN is not set.");
  const presented = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? "";
  // Comparing digests keeps the comparison constant-time whatever the presented length.
  if (!timingSafeEqual(digest(presented), digest(token))) {
    throw new ApiError("unauthenticated", "A valid metrics token is required (Authorization: Bearer <METRICS_TOKEN>).", { "WWW-Authenticate": "Bearer" });
  }
}
