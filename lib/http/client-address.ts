import { isIP } from "node:net";

// Which address a request comes from. Next's App Router gives route handlers no socket, and Next
// keeps an X-Forwarded-For that the client wrote, so the address is decided once at the socket
// (lib/http/front-door.ts) and written over X-Forwarded-For before Next sees the request. Everything
// downstream, our limiters and better-auth's, then reads that one header and finds one address.
//
// TRUST_PROXY_HOPS says how many proxies in front of the app append to X-Forwarded-For: 0 (the
// default) trusts no header and uses the socket's peer; 1 trusts the entry the nearest proxy
// appended (a load balancer, or nginx with `proxy_add_x_forwarded_for`); and so on.

function withoutIpv4Mapping(address: string): string {
  return address.toLowerCase().startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** The client's address: `hops` entries left of the socket peer in the forwarded chain. */
export function resolveClientIp(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, hops: number): string {
  const forwarded = [forwardedFor ?? []]
    .flat()
    .flatMap((header) => header.split(","))
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, socketAddress ?? "unknown"];
  // Walk from the socket towards the client; stop at the first entry a trusted hop did not vouch
  // for as an address (a proxy passes on whatever the client wrote to its left).
  let index = chain.length - 1;
  for (let step = 0; step < hops && index > 0 && isIP(chain[index - 1] ?? "") !== 0; step += 1) index -= 1;
  return withoutIpv4Mapping(chain[index] ?? "unknown");
}

/**
 * The key a limiter counts a client under. IPv6 clients usually hold a whole /64, so they are
 * counted per /64 rather than per address.
 */
export function clientKey(headers: Headers): string {
  const address = headers.get("x-forwarded-for")?.trim() || "unknown";
  if (isIP(address) !== 6) return address;
  const [head = "", tail = ""] = address.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups]
    : headGroups;
  return `${groups.slice(0, 4).map((group) => group.padStart(4, "0")).join(":")}::/64`;
}
