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

function mediaTypeOf(request: Request): string | undefined {
  return request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
}

/**
 * Whether any key or string in a parsed JSON value holds a NUL character, which PostgreSQL refuses
 * in text and jsonb alike. Walked without recursion: 16 kB of brackets nests thousands deep.
 */
function holdsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === "string") {
      if (next.includes("\0")) return true;
    } else if (Array.isArray(next)) {
      pending.push(...(next as unknown[]));
    } else if (typeof next === "object" && next !== null) {
      for (const [key, field] of Object.entries(next)) {
        if (key.includes("\0")) return true;
        pending.push(field);
      }
    }
  }
  return false;
}

/**
 * The body as JSON, or undefined when there is none. Only `application/json` is read: a form
 * post or a text/plain body (what a cross-site form can send without a preflight) is refused, and
 * so is an empty body that says it is one of those. No string in it may hold a NUL character.
 */
export async function readJsonWithin(request: Request, limit = JSON_BODY_LIMIT): Promise<unknown> {
  const mediaType = mediaTypeOf(request);
  if (mediaType !== undefined && mediaType !== "application/json") throw unsupportedMediaType();
  const text = await readTextWithin(request, limit);
  if (text.trim() === "") return undefined;
  if (mediaType === undefined) throw unsupportedMediaType();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("invalid_request", "The request body is not valid JSON.");
  }
  if (holdsNul(parsed)) throw new ApiError("invalid_request", "Text in the request body must not hold a NUL character (\\u0000).");
  return parsed;
}

function unsupportedMediaType(): ApiError {
  return new ApiError("unsupported_media_type", "Send the body as application/json.");
}

/** A plain HTML form's body (`application/x-www-form-urlencoded`) within `limit`; any other type is refused. */
export async function readFormWithin(request: Request, limit: number): Promise<URLSearchParams> {
  if (mediaTypeOf(request) !== "application/x-www-form-urlencoded") {
    throw new ApiError("unsupported_media_type", "Send the form as application/x-www-form-urlencoded.");
  }
  return new URLSearchParams(await readTextWithin(request, limit));
}
