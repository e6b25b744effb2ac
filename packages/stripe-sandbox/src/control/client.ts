// The client side of the /_sandbox controls, for tests and harnesses that drive a running sandbox
// (in this process or another). Only `fetch`: it loads none of the sandbox itself.

export type SandboxControl = {
  /** The sandbox's base URL, e.g. `http://127.0.0.1:12111`. */
  readonly baseUrl: string;
  /**
   * POSTs `body` as JSON to a /_sandbox control, or GETs it when there is no body, and returns the
   * parsed answer (undefined for an empty one). A declined card (402) is an answer the caller looks
   * at, not an error; any other non-2xx status throws with the status and the body.
   */
  control<T = unknown>(path: string, body?: unknown): Promise<T>;
};

export function sandboxControl(baseUrl: string): SandboxControl {
  const base = baseUrl.replace(/\/$/, "");
  return {
    baseUrl: base,
    async control<T = unknown>(path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${base}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok && response.status !== 402) throw new Error(`sandbox ${path}: ${response.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}
