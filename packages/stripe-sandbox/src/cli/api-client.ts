import { encodeForm } from "../http/form";

/** Just enough of a Stripe client for the CLI, so the CLI needs nothing but node built-ins. */
export class ApiClient {
  private readonly base: string;

  constructor(
    base: string,
    private readonly key = "sk_test_sandbox_cli",
  ) {
    // `--api-base http://127.0.0.1:12111/` would otherwise request `//_sandbox/…`, which the sandbox reads as a host.
    this.base = base.replace(/\/+$/, "");
  }

  async request<T = Record<string, unknown>>(method: "GET" | "POST" | "DELETE", path: string, params: Record<string, unknown> = {}): Promise<T> {
    const body = encodeForm(params);
    const url = method === "POST" || body === "" ? `${this.base}${path}` : `${this.base}${path}?${body}`;
    const res = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${this.key}`, "Content-Type": "application/x-www-form-urlencoded" },
      ...(method === "POST" ? { body } : {}),
    });
    const json = (await res.json()) as T & { error?: { message: string } };
    if (!res.ok && path.startsWith("/v1/") && json.error) throw new Error(`${method} ${path} → ${res.status}: ${json.error.message}`);
    return json;
  }

  async control<T = Record<string, unknown>>(method: "GET" | "POST" | "DELETE", path: string, body?: Record<string, unknown>): Promise<{ status: number; json: T }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { "Content-Type": "application/json" },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as T };
  }
}
