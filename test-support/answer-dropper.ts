import http from "node:http";
import type { AddressInfo } from "node:net";

// A proxy between the app and its Stripe that lets chosen requests through and then loses their
// answers (the connection drops after Stripe has acted): an outcome the app cannot know.
// Point STRIPE_API_BASE at `url`.

export interface AnswerDropper {
  url: string;
  /** How many answers were lost so far. */
  dropped(): number;
  close(): Promise<void>;
}

export async function startAnswerDropper(target: string, drop: (request: { method: string; path: string }) => boolean): Promise<AnswerDropper> {
  let dropped = 0;
  const server = http.createServer((req, res) => {
    const lose = drop({ method: req.method ?? "GET", path: req.url ?? "/" });
    const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      if (!lose) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      answer.resume();
      answer.on("end", () => {
        dropped += 1;
        req.socket.destroy();
      });
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dropped: () => dropped,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
