// The browser side of the API's error shape `{error: {code, message, type}}`. The API's messages
// are English; what a buyer reads comes from ErrorTexts, made on the server in their language.

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
  return (error.code !== undefined ? texts.byCode[error.code] : undefined) ?? error.serverMessage ?? texts.fallback;
}

interface ErrorBody {
  error: { code?: unknown; message?: unknown };
}

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === "object" && body !== null && "error" in body && typeof body.error === "object" && body.error !== null;
}

/** Turns a non-2xx response into an ApiRequestError carrying the API's code and message. */
export async function toApiRequestError(response: Response): Promise<ApiRequestError> {
  const body: unknown = await response.json().catch(() => undefined);
  if (!isErrorBody(body)) return new ApiRequestError(response.status, undefined, undefined);
  const { code, message } = body.error;
  return new ApiRequestError(response.status, typeof code === "string" ? code : undefined, typeof message === "string" && message ? message : undefined);
}

/** fetch, with "could not reach the server" as an ApiRequestError of status 0. */
export async function request(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    throw new ApiRequestError(0, undefined, undefined);
  }
}

/** SWR fetcher: JSON on 2xx, otherwise throws an ApiRequestError. */
export async function fetchJson<T>(url: string): Promise<T> {
  const response = await request(url, { headers: { accept: "application/json" }, cache: "no-store" });
  if (!response.ok) throw await toApiRequestError(response);
  return (await response.json()) as T;
}

/** POSTs JSON: the answer's JSON on 2xx, otherwise throws an ApiRequestError. */
export async function postJson<T>(url: string, body?: object): Promise<T> {
  const response = await request(url, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await toApiRequestError(response);
  return (await response.json()) as T;
}
