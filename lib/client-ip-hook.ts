import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { resolveClientIp } from "@/lib/client-ip";
import { env } from "@/lib/env";

interface RequestStart {
  request: IncomingMessage;
}

function isRequestStart(message: unknown): message is RequestStart {
  return typeof message === "object" && message !== null && "request" in message;
}

/**
 * Rewrites X-Forwarded-For on every request this process's HTTP server accepts, before any
 * listener (Next) runs: Node publishes `http.server.request.start` just ahead of the 'request'
 * event, which is the last point where the socket and the headers are both in hand.
 */
export function trustClientAddressesAtTheSocket(): void {
  const hops = env().TRUST_PROXY_HOPS;
  subscribe("http.server.request.start", (message) => {
    if (!isRequestStart(message)) return;
    const { request } = message;
    request.headers["x-forwarded-for"] = resolveClientIp(request.socket.remoteAddress, request.headers["x-forwarded-for"], hops);
  });
}
