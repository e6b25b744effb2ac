import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { resolveClientIp } from "@/lib/http/client-address";
import { env } from "@/lib/config/env";
import { ApiError, errorBody } from "@/lib/http/api-error";

// What every request passes through before Next sees it. Next's App Router gives route handlers
// no socket, and a few requests make Next itself answer an opaque 500 (a TRACE, which fetch's
// Request cannot represent; a path that is not valid percent-encoding), so this is done at the
// Node server: Node publishes `http.server.request.start` with the socket and the server just
// ahead of the 'request' event that Next listens to.

const UNREPRESENTABLE_METHODS: ReadonlySet<string> = new Set(["TRACE", "TRACK", "CONNECT"]);

interface RequestStart {
  request: IncomingMessage;
  server: Server;
}

function isRequestStart(message: unknown): message is RequestStart {
  return typeof message === "object" && message !== null && "request" in message && "server" in message;
}

function isDecodablePath(url: string): boolean {
  try {
    decodeURIComponent(url.split("?")[0] ?? "");
    return true;
  } catch {
    return false;
  }
}

/** The answer for a request Next cannot handle, or null to pass it on. */
function refusal(request: IncomingMessage): ApiError | null {
  if (UNREPRESENTABLE_METHODS.has(request.method ?? "")) {
    return new ApiError("method_not_allowed", `${request.method} is not supported.`, { Allow: "GET, HEAD, POST, OPTIONS" });
  }
  if (!isDecodablePath(request.url ?? "/")) return new ApiError("invalid_request", "The request path is not valid percent-encoding.");
  return null;
}

function answer(response: ServerResponse, error: ApiError): void {
  response.writeHead(error.status, { "Content-Type": "application/json", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", ...error.headers });
  response.end(errorBody(error));
}

/** Bytes that do not parse as HTTP never reach a listener: Node's own answer is an empty 400. */
function answerUnparsable(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason] = error.code === "HPE_HEADER_OVERFLOW" ? [431, "Request Header Fields Too Large"] : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? [408, "Request Timeout"] : [400, "Bad Request"];
  const body = errorBody(new ApiError("invalid_request", "The request is not valid HTTP."));
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

const guardedServers = new WeakSet<Server>();

/** Puts the refusals in front of the server's own 'request' listeners, once per server. */
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
}

export function openFrontDoor(): void {
  const hops = env().TRUST_PROXY_HOPS;
  subscribe("http.server.request.start", (message) => {
    if (!isRequestStart(message)) return;
    const { request, server } = message;
    request.headers["x-forwarded-for"] = resolveClientIp(request.socket.remoteAddress, request.headers["x-forwarded-for"], hops);
    if (!guardedServers.has(server)) guard(server);
  });
}
