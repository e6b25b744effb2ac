import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { startSandbox } from "@storefront/stripe-sandbox";
import { sandboxControl } from "@storefront/stripe-sandbox/control";
import { ensureCatalogInStripe } from "@/lib/catalog/catalog-setup";
import { catalogPrices } from "@/lib/catalog/stripe-prices";
import { POST as webhookRoute } from "@/app/api/stripe/webhook/route";
import type { ProductKey } from "@/lib/catalog/products";

// A test's own Stripe: the offline sandbox in this process, with the real SDK pointed at it and
// its webhooks delivered over HTTP to the app's real webhook route handler.

export interface TestStripe {
  apiBase: string;
  webhookSecret: string;
  priceId(key: ProductKey): Promise<string>;
  control(path: string, body?: unknown): Promise<unknown>;
  /** Resolves once every event produced so far has been answered by the webhook route. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

async function startWebhookBridge(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      void webhookRoute(new Request("http://app.test/api/stripe/webhook", { method: "POST", headers, body: Buffer.concat(chunks) }), undefined)
        .then(async (response) => {
          res.writeHead(response.status, { "content-type": "application/json" });
          res.end(await response.text());
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/stripe/webhook`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function startTestStripe(options: { deliverWebhooks?: boolean } = {}): Promise<TestStripe> {
  const webhookSecret = `whsec_${randomBytes(16).toString("hex")}`;
  const bridge = await startWebhookBridge();
  const sandbox = await startSandbox({
    port: 0,
    webhookEndpoints: options.deliverWebhooks === false ? [] : [{ url: bridge.url, secret: webhookSecret }],
    delivery: { retryBaseMs: 50 },
  });
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: `sk_test_${randomBytes(8).toString("hex")}`,
    STRIPE_API_BASE: sandbox.url,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
  });
  await ensureCatalogInStripe();

  // A declined card (402) is an answer the tests look at, not a broken control.
  const { control } = sandboxControl(sandbox.url);

  return {
    apiBase: sandbox.url,
    webhookSecret,
    async priceId(key) {
      const entry = (await catalogPrices()).find((p) => p.product.key === key);
      if (!entry) throw new Error(`no price for ${key}`);
      return entry.price.id;
    },
    control,
    settled: () => sandbox.idle(),
    async close() {
      await sandbox.close();
      await bridge.close();
    },
  };
}
