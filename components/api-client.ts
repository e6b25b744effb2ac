// The browser side of the API's error shape `{error: {code, message, type}}`: every client
// component reports failures with the server's own message, or one fixed text when offline.

export const NETWORK_ERROR_MESSAGE = "Could not reach the server. Check your connection and try again.";
const FALLBACK_MESSAGE = "Something went wrong. Please try again.";

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

interface ErrorBody {
  error: { code?: unknown; message?: unknown };
}

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === "object" && body !== null && "error" in body && typeof body.error === "object" && body.error !== null;
}

/** Turns a non-2xx response into an ApiRequestError carrying the API's message. */
export async function toApiRequestError(response: Response): Promise<ApiRequestError> {
  const body: unknown = await response.json().catch(() => undefined);
  if (!isErrorBody(body)) return new ApiRequestError(FALLBACK_MESSAGE, response.status, undefined);
  const { code, message } = body.error;
  return new ApiRequestError(
    typeof message === "string" && message ? message : FALLBACK_MESSAGE,
    response.status,
    typeof code === "string" ? code : undefined,
  );
}

/** SWR fetcher: JSON on 2xx, otherwise throws with the API's message. */
export async function fetchJson<T>(url: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  } catch {
    throw new ApiRequestError(NETWORK_ERROR_MESSAGE, 0, undefined);
  }
  if (!response.ok) throw await toApiRequestError(response);
  return (await response.json()) as T;
}
