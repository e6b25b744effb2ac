import { ApiError } from "@/lib/http/api-error";

// Request bodies are read with a ceiling, before any parsing: a client that sends megabytes gets
// 413 after the first bytes past the limit, and the rest is never buffered or parsed.

/** JSON bodies of the app's own routes are a few fields. */
export const JSON_BODY_LIMIT = 16 * 1024;
/** Stripe's events are well under this; a bigger "event" is not one. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

function tooLarge(limit: number): ApiError {
  return new ApiError("payload_too_large", `The request body is larger than ${Math.round(limit / 1024)} kB.`);
}

export async function readTextWithin(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

/**
 * The body as JSON, or undefined when there is none. Only `application/json` is read: a form
 * post or a text/plain body (what a cross-site form can send without a preflight) is refused.
 */
export async function readJsonWithin(request: Request, limit = JSON_BODY_LIMIT): Promise<unknown> {
  const text = await readTextWithin(request, limit);
  if (text.trim() === "") return undefined;
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new ApiError("unsupported_media_type", "Send the body as application/json.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("invalid_request", "The request body is not valid JSON.");
  }
}
