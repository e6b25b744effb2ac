import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answeredByFault } from "./api/faults";
import { handleApi } from "./api/handle";
import { apiRouter } from "./api/routes";
import { controlRouter, handleControl } from "./control/routes";
import type { AccountSettings } from "./core/settings";
import { attachSnapshot, loadSnapshot, type Snapshotter } from "./core/snapshot";
import { sendHtml, sendJson } from "./http/respond";
import { renderNotFoundPage } from "./pages/checkout-page";
import { handlePage } from "./pages/routes";
import { runDueSteps } from "./payments/due";
import { Runtime, type StaticEndpoint } from "./runtime";
import { tick } from "./tick";
import type { ChaosConfig } from "./webhooks/chaos";
import type { DeliveryAttempt } from "./webhooks/attempt";
import type { DeliveryOptions } from "./webhooks/settings";

export type SandboxOptions = {
  /** Default 12111 (stripe-mock's port); 0 picks a free one. */
  port?: number;
  host?: string;
  /** Base URL for hosted pages as the browser sees it; defaults to the server's own address. */
  publicUrl?: string;
  /** JSON file to load at start and rewrite (debounced, atomically) after changes. */
  snapshot?: string;
  webhookEndpoints?: StaticEndpoint[];
  delivery?: DeliveryOptions;
  chaos?: Partial<ChaosConfig>;
  /** Dashboard-only account settings, e.g. `{ afterFinalRetry: "unpaid" }`; see core/settings.ts. */
  settings?: Partial<AccountSettings>;
  /** Secret for `listen` forwarders; defaults to the first webhook endpoint's secret. */
  listenSecret?: string;
  /** How often the runtime tick (session expiry, then billing; see tick.ts) runs on a timer; every request also runs it. */
  expirySweepMs?: number;
};

export type Sandbox = {
  url: string;
  port: number;
  publicUrl: string;
  /** The secret `listen` forwarders sign with. */
  listenSecret: string;
  deliveries(): DeliveryAttempt[];
  /** Resolves once no webhook delivery (including scheduled retries) is outstanding. */
  idle(): Promise<void>;
  runtime: Runtime;
  close(): Promise<void>;
};

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1";
  let publicUrl = options.publicUrl?.replace(/\/$/, "") ?? "";
  const rt = new Runtime({ ...options, publicBase: () => publicUrl });
  let snapshot: Snapshotter | undefined;
  if (options.snapshot) {
    loadSnapshot(rt.store, options.snapshot);
    snapshot = attachSnapshot(rt.store, options.snapshot);
  }
  const api = apiRouter();
  const controls = controlRouter();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    if (url.pathname.startsWith("/v1/")) {
      const request = `${req.method ?? "GET"} ${url.pathname}`;
      rt.requestCounts.set(request, (rt.requestCounts.get(request) ?? 0) + 1);
      if (await answeredByFault(() => rt.chaos, req, res)) return;
      return handleApi(rt.deps, api, req, res, url);
    }
    if (url.pathname === "/_sandbox" || url.pathname.startsWith("/_sandbox/")) return handleControl(rt, controls, req, res, url);
    if (await handlePage({ rt, req, res }, url)) return;
    sendHtml(res, 404, renderNotFoundPage());
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error("[stripe-sandbox]", err);
      if (!res.headersSent) sendJson(res, 500, { error: { type: "api_error", message: err instanceof Error ? err.message : String(err) } });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 12111, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  if (!publicUrl) publicUrl = url;

  const sweeper = setInterval(() => {
    rt.bus.run({ id: null, idempotency_key: null }, () => tick(rt.deps));
    runDueSteps(rt.deps);
  }, options.expirySweepMs ?? 1000);
  sweeper.unref();

  return {
    url,
    port,
    publicUrl,
    listenSecret: rt.listenSecret,
    deliveries: () => [...rt.deliverer.log],
    idle: () => rt.deliverer.idle(),
    runtime: rt,
    async close() {
      clearInterval(sweeper);
      rt.deliverer.close();
      snapshot?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
