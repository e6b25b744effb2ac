import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { API_VERSION } from "../core/constants";
import { readBody } from "../http/respond";
import { ApiClient } from "./api-client";
import { flag, type Args } from "./args";

const FORWARDED_HEADERS = ["content-type", "user-agent", "stripe-signature"];

/**
 * Like `stripe listen`: a local forwarder registers with the sandbox, which delivers to it signed with the
 * sandbox's listen secret; the forwarder relays each event unchanged and returns the app's status, so
 * the sandbox's retry logic still sees failures.
 */
export async function listen(args: Args): Promise<void> {
  const base = flag(args, "api-base") ?? "http://127.0.0.1:12111";
  const client = new ApiClient(base);
  if (flag(args, "print-secret")) {
    const { json } = await client.control<{ secret: string }>("GET", "/_sandbox/webhook-secret");
    console.log(json.secret);
    return;
  }
  const forwardTo = flag(args, "forward-to");
  if (!forwardTo) throw new Error("listen needs --forward-to <url>");
  const target = /^https?:\/\//.test(forwardTo) ? forwardTo : `http://${forwardTo}`;

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const event = JSON.parse(body) as { id: string; type: string };
      console.log(`${new Date().toISOString().slice(0, 19).replace("T", " ")}   --> ${event.type} [${event.id}]`);
      const headers: Record<string, string> = {};
      for (const name of FORWARDED_HEADERS) {
        const value = req.headers[name];
        if (typeof value === "string") headers[name] = value;
      }
      try {
        const forwarded = await fetch(target, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(30_000) });
        await forwarded.arrayBuffer();
        console.log(`${new Date().toISOString().slice(0, 19).replace("T", " ")}  <--  [${forwarded.status}] POST ${target} [${event.id}]`);
        res.writeHead(forwarded.status).end();
      } catch (err) {
        console.log(`[ERROR] Failed to POST: Post "${target}": ${err instanceof Error ? err.message : String(err)}`);
        res.writeHead(502).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const { status, json } = await client.control<{ id: string; secret: string }>("POST", "/_sandbox/listeners", { url: local });
  if (status !== 200) throw new Error(`could not register with the sandbox at ${base} (HTTP ${status})`);

  const stop = (): void => {
    void client
      .control("DELETE", `/_sandbox/listeners/${json.id}`)
      .catch(() => undefined)
      .finally(() => {
        server.close();
        process.exit(0);
      });
  };
  // Before the Ready line: whoever reads it may send a signal at once, and must not kill us unregistered.
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  console.log(`Ready! You are using Stripe API Version [${API_VERSION}]. Your webhook signing secret is ${json.secret} (^C to quit)`);
}
