import { gzipSync } from "node:zlib";
import type { PreparedPayments } from "./paid-checkouts";
import type { Server } from "./stack";

// Shipped JavaScript: every script a page's HTML loads, gzipped, against the floor page's, with
// the pages fetched as the signed-in buyer of the settled payment sees them.

export interface PageJs {
  floorPageKb: number;
  /** By path, in the order measured. */
  pagesKb: Map<string, number>;
}

async function pageJsKb(server: Server, cookie: string, path: string): Promise<number> {
  const html = await (await fetch(`${server.app.url}${path}`, { headers: { cookie } })).text();
  const sources = new Set([...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1] ?? ""));
  let bytes = 0;
  for (const source of sources) {
    const script = await fetch(new URL(source.replaceAll("&amp;", "&"), server.app.url));
    bytes += gzipSync(Buffer.from(await script.arrayBuffer())).length;
  }
  return bytes / 1024;
}

export async function measurePageJs(server: Server, payments: PreparedPayments): Promise<PageJs> {
  const { cookie } = payments.statusBuyer;
  const floorPageKb = await pageJsKb(server, cookie, "/bench-floor-page");
  const pagesKb = new Map<string, number>();
  for (const path of ["/", `/success?session_id=${payments.statusSession}`, "/account", "/sign-in"]) pagesKb.set(path, await pageJsKb(server, cookie, path));
  return { floorPageKb, pagesKb };
}
