import http from "node:http";
import type { AddressInfo } from "node:net";

// A proxy between the app and its Stripe that holds chosen requests until the test lets them go:
// a Stripe that is slow exactly when the test needs it to be. Point STRIPE_API_BASE at `url`.

export interface StripeGate {
  url: string;
  /** How many requests are being held. */
  held(): number;
  /** Resolves once `count` requests are being held. */
  holding(count: number): Promise<void>;
  /** Lets every held request through, and every later one. */
  release(): void;
  close(): Promise<void>;
}

export async function startStripeGate(target: string, hold: (request: { method: string; path: string }) => boolean): Promise<StripeGate> {
  const waiting: (() => void)[] = [];
  let open = false;
  const server = http.createServer((req, res) => {
    const forward = () => {
      const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    };
    if (!open && hold({ method: req.method ?? "GET", path: req.url ?? "/" })) waiting.push(forward);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held: () => waiting.length,
    async holding(count) {
      for (let i = 0; i < 500 && waiting.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      if (waiting.length < count) throw new Error(`the gate holds ${waiting.length} requests, not ${count}`);
    },
    release() {
      open = true;
      for (const go of waiting.splice(0)) go();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
