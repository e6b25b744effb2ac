import type { z } from "zod/mini";

// The browser side of the API: answers are parsed with the schemas the routes answer by
// (lib/api-contract/), and errors read from the shape `{error: {code, message, type}}`. The API's
// messages are English; what a buyer reads comes from ErrorTexts, made on the server in their language.
//
// The schemas are imported while the request is in flight, not with the page: zod would otherwise
// be most of the script every page ships before its first paint (+16 kB gzipped, measured).

/** The schema of an answer, imported when it is needed: `() => import("…").then((m) => m.schema)`. */
export type SchemaImport<Schema extends z.ZodMiniType> = () => Promise<Schema>;

/** The code of a 2xx answer that is not what the route's schema says it answers. */
const UNEXPECTED_ANSWER = "unexpected_answer";

export class ApiRequestError extends Error {
  constructor(
    /** 0: the server was not reached. */
    readonly status: number,
    readonly code: string | undefined,
    /** The API's own (English) message, if it sent one. */
    readonly serverMessage: string | undefined,
  ) {
    super(serverMessage ?? `request failed with status ${status}`);
    this.name = "ApiRequestError";
  }
}

/** The words a client component shows for a failure, in the buyer's language (lib/i18n/error-texts.ts). */
export interface ErrorTexts {
  network: string;
  fallback: string;
  unexpected: string;
  /** By API error code. Empty in English, where the API's own, more specific message is shown. */
  byCode: Readonly<Record<string, string>>;
}

export function describeError(error: unknown, texts: ErrorTexts): string {
  if (!(error instanceof ApiRequestError)) return texts.fallback;
  if (error.status === 0) return texts.network;
  if (error.code === UNEXPECTED_ANSWER) return texts.unexpected;
  return (error.code !== undefined ? texts.byCode[error.code] : undefined) ?? error.serverMessage ?? texts.fallback;
}

/** Turns a non-2xx response into an ApiRequestError carrying the API's code and message. */
export async function toApiRequestError(response: Response): Promise<ApiRequestError> {
  const [{ apiErrorBody }, body] = await Promise.all([import("@/lib/api-contract/api-error-body"), response.json().catch(() => undefined)]);
  const parsed = apiErrorBody.safeParse(body);
  if (!parsed.success) return new ApiRequestError(response.status, undefined, undefined);
  const { code, message } = parsed.data.error;
  return new ApiRequestError(response.status, code, message || undefined);
}

/** A 2xx answer as its schema says, or an ApiRequestError the buyer reads as "unexpected". */
async function parseAnswer<Schema extends z.ZodMiniType>(response: Response, schema: Schema): Promise<z.infer<Schema>> {
  if (!response.ok) throw await toApiRequestError(response);
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new ApiRequestError(response.status, UNEXPECTED_ANSWER, undefined);
  return parsed.data;
}

/** fetch, with "could not reach the server" as an ApiRequestError of status 0. */
export async function request(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    throw new ApiRequestError(0, undefined, undefined);
  }
}

/** GETs JSON (an SWR fetcher): the answer as `schema` says on 2xx, otherwise throws an ApiRequestError. */
export async function fetchJson<Schema extends z.ZodMiniType>(url: string, schema: SchemaImport<Schema>): Promise<z.infer<Schema>> {
  const [response, answer] = await Promise.all([request(url, { headers: { accept: "application/json" }, cache: "no-store" }), schema()]);
  return parseAnswer(response, answer);
}

/** POSTs JSON: the answer as `schema` says on 2xx, otherwise throws an ApiRequestError. */
export async function postJson<Schema extends z.ZodMiniType>(url: string, body: object | undefined, schema: SchemaImport<Schema>): Promise<z.infer<Schema>> {
  const sent = request(url, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const [response, answer] = await Promise.all([sent, schema()]);
  return parseAnswer(response, answer);
}
