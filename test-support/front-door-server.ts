import http from "node:http";
import type { AddressInfo } from "node:net";
import { openFrontDoor } from "@/lib/http/front-door";

// Route handlers served over real HTTP behind the app's front door (lib/http/front-door.ts), as
// `next start` serves them: the client's address is decided at the socket, from the TCP peer and
// the X-Forwarded-For entries of the proxies trusted, and never taken from what a client wrote.
// The test plays a proxy in front of the app (TRUST_PROXY_HOPS=1): it appends the address of the
// client it forwards for, as nginx's $proxy_add_x_forwarded_for does.

type RouteHandler = (request: Request, context: undefined) => Promise<Response>;

export interface FrontDoorServer {
  /** For a client that writes its own bytes. */
  port: number;
  /** Sends a request as a client at `client` would through the proxy; `written` is an X-Forwarded-For the client wrote itself. */
  send(path: string, init: { client: string; written?: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<Response>;
  close(): Promise<void>;
}

let frontDoorOpen = false;

/** `origin` is the one the app believes it is served from (its URL in the handlers' Requests). */
export async function serveBehindFrontDoor(handlers: Partial<Record<string, RouteHandler>>, origin: string): Promise<FrontDoorServer> {
  if (!frontDoorOpen) {
    // The front door reads how many proxies to trust once, when it opens, for the whole process.
    process.env.TRUST_PROXY_HOPS = "1";
    openFrontDoor();
    frontDoorOpen = true;
  }
  const server = http.createServer((req, res) => {
    void answer(req, res, handlers, origin).catch((error: unknown) => {
      res.writeHead(599);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    port,
    send: (path, init) => sendOverHttp(port, path, init),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function answer(req: http.IncomingMessage, res: http.ServerResponse, handlers: Partial<Record<string, RouteHandler>>, origin: string): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of [value ?? []].flat()) headers.append(name, one);
  }
  const method = req.method ?? "GET";
  const handler = handlers[method];
  if (!handler) {
    res.writeHead(405);
    res.end();
    return;
  }
  const body = method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks);
  const response = await handler(new Request(`${origin}${req.url ?? "/"}`, { method, headers, body }), undefined);
  const outgoing: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") outgoing[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) outgoing["set-cookie"] = cookies;
  res.writeHead(response.status, outgoing);
  res.end(Buffer.from(await response.arrayBuffer()));
}

function sendOverHttp(port: number, path: string, init: Parameters<FrontDoorServer["send"]>[1]): Promise<Response> {
  const forwardedFor = init.written ? `${init.written}, ${init.client}` : init.client;
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, path, method: init.method ?? "POST", headers: { ...init.headers, "x-forwarded-for": forwardedFor } },
      (reply) => {
        const chunks: Buffer[] = [];
        reply.on("data", (chunk: Buffer) => chunks.push(chunk));
        reply.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(reply.headers)) {
            for (const one of [value ?? []].flat()) headers.append(name, one);
          }
          const status = reply.statusCode ?? 0;
          resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers }));
        });
      },
    );
    request.on("error", reject);
    request.end(init.body);
  });
}
