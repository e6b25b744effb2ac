import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { resolveClientIp } from "@/lib/http/client-address";
import { env } from "@/lib/config/env";
import { ApiError, errorBody } from "@/lib/http/api-error";
import { ROUTE_METHODS, UNCOMMON_METHOD_HEADER } from "@/lib/http/uncommon-method";

// What every request passes through before Next sees it. Next's App Router gives route handlers
// no socket, and some requests make Next itself answer outside the API's error shape (a method it
// has no handler slot for gets an empty 400, a path that is not valid percent-encoding an opaque
// 500, a CONNECT a closed connection), so this is done at the Node server: Node publishes each new
// connection with its server, and `http.server.request.start` with the socket and the server just
// ahead of the 'request' event that Next listens to.

/** Paths served by route handlers (apiRoute), which answer an uncommon method themselves. */
const ROUTE_HANDLER_PATH = /^\/api(?:\/|$)|^\/account\/receipts\/[^/]+$/;

/** Pages are documents to read. */
const PAGE_METHODS = "GET, HEAD";

interface RequestStart {
  request: IncomingMessage;
  server: Server;
}

function isRequestStart(message: unknown): message is RequestStart {
  return typeof message === "object" && message !== null && "request" in message && "server" in message;
}

/** The path as Next routes it (dot segments resolved, still percent-encoded), or null when it is not valid percent-encoding. */
function routedPath(url: string): string | null {
  try {
    const absolute = !url.startsWith("/") && URL.canParse(url);
    const { pathname } = new URL(absolute ? url : `http://front-door.invalid/${url.replace(/^\/+/, "")}`);
    decodeURIComponent(pathname);
    return pathname;
  } catch {
    return null;
  }
}

/**
 * The answer for a request Next cannot handle, or null to pass it on. A method Next has no slot
 * for is passed on to a route handler as an OPTIONS naming it (lib/http/uncommon-method.ts).
 */
function refusal(request: IncomingMessage): ApiError | null {
  delete request.headers[UNCOMMON_METHOD_HEADER];
  const url = request.url ?? "/";
  const path = routedPath(url);
  if (path === null) return new ApiError("invalid_request", "The request path is not valid percent-encoding.");
  // PostgreSQL refuses text holding byte 0, and no id, search or page of ours has one. Node refuses
  // a raw 0 byte in a request line, so %00 is the only way to send one.
  if (/%00/.test(url)) return new ApiError("invalid_request", "The request path or query holds a NUL character (%00).");
  const method = request.method ?? "GET";
  if (ROUTE_METHODS.has(method)) return null;
  if (!ROUTE_HANDLER_PATH.test(path)) return new ApiError("method_not_allowed", `${method} is not allowed here; use GET or HEAD.`, { Allow: PAGE_METHODS });
  request.headers[UNCOMMON_METHOD_HEADER] = method;
  request.method = "OPTIONS";
  return null;
}

function answer(response: ServerResponse, error: ApiError): void {
  response.writeHead(error.status, { "Content-Type": "application/json", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", ...error.headers });
  response.end(errorBody(error));
}

function rawAnswer(status: number, reason: string, error: ApiError): string {
  const body = errorBody(error);
  const headers = Object.entries(error.headers).map(([name, value]) => `${name}: ${value}\r\n`).join("");
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** Bytes that do not parse as HTTP never reach a listener: Node's own answer is an empty 400. */
function answerUnparsable(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason] = error.code === "HPE_HEADER_OVERFLOW" ? [431, "Request Header Fields Too Large"] : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? [408, "Request Timeout"] : [400, "Bad Request"];
  socket.end(rawAnswer(status, reason, new ApiError("invalid_request", "The request is not valid HTTP.")));
}

/**
 * CONNECT asks for a tunnel, and Node hands it to 'connect' listeners only (with none, it drops the
 * connection unanswered). This server is no proxy: 405 in the error shape, then the connection closes.
 */
function answerConnect(_request: IncomingMessage, socket: Duplex): void {
  const refused = new ApiError("method_not_allowed", "CONNECT is not supported: this server is not a proxy.", { Allow: "GET, HEAD, POST, OPTIONS" });
  socket.end(rawAnswer(405, "Method Not Allowed", refused));
}

const guardedServers = new WeakSet<Server>();

/** Puts the refusals in front of the server's own listeners, once per server. */
function guard(server: Server): void {
  guardedServers.add(server);
  const listeners = server.listeners("request") as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners("request");
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    const refused = refusal(request);
    if (refused) {
      request.resume();
      answer(response, refused);
      return;
    }
    for (const listener of listeners) listener.call(server, request, response);
  });
  server.removeAllListeners("clientError");
  server.on("clientError", answerUnparsable);
  server.removeAllListeners("connect");
  server.on("connect", answerConnect);
}

function isHttpServer(server: unknown): server is Server {
  return typeof server === "object" && server !== null && "listeners" in server && (server as Server).listenerCount("request") > 0;
}

export function openFrontDoor(): void {
  const hops = env().TRUST_PROXY_HOPS;
  // A connection's first request may be a CONNECT, which never publishes a request start.
  subscribe("net.server.socket", (message) => {
    const server: unknown = (message as { socket?: Socket & { server?: unknown } }).socket?.server;
    if (isHttpServer(server) && !guardedServers.has(server)) guard(server);
  });
  subscribe("http.server.request.start", (message) => {
    if (!isRequestStart(message)) return;
    const { request, server } = message;
    request.headers["x-forwarded-for"] = resolveClientIp(request.socket.remoteAddress, request.headers["x-forwarded-for"], hops);
    if (!guardedServers.has(server)) guard(server);
  });
}
