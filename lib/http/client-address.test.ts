import { describe, expect, it } from "vitest";
import { clientKey, resolveClientIp } from "@/lib/http/client-address";

describe("the client address a request is counted under", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(resolveClientIp("192.0.2.9", "203.0.113.1, 198.51.100.2", 0)).toBe("192.0.2.9");
    expect(resolveClientIp("192.0.2.9", undefined, 0)).toBe("192.0.2.9");
  });

  it("is the entry the trusted proxy appended, ignoring what the client wrote to its left", () => {
    expect(resolveClientIp("10.0.0.2", "6.6.6.6, 203.0.113.1", 1)).toBe("203.0.113.1");
    expect(resolveClientIp("10.0.0.2", ["6.6.6.6", "198.51.100.7, 203.0.113.1"], 2)).toBe("198.51.100.7");
  });

  it("stops at the nearest hop when the chain is shorter than the trusted hops or holds no address", () => {
    expect(resolveClientIp("10.0.0.2", undefined, 1)).toBe("10.0.0.2");
    expect(resolveClientIp("10.0.0.2", "not-an-ip", 1)).toBe("10.0.0.2");
    expect(resolveClientIp("10.0.0.2", "203.0.113.1", 3)).toBe("203.0.113.1");
  });

  it("reads an IPv4 client behind an IPv6 socket as IPv4", () => {
    expect(resolveClientIp("::ffff:127.0.0.1", undefined, 0)).toBe("127.0.0.1");
  });

  it("counts IPv6 clients per /64, since one client usually holds the whole /64", () => {
    const key = (address: string) => clientKey(new Headers({ "x-forwarded-for": address }));
    expect(key("2001:db8:1:2:aaaa::1")).toBe(key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    expect(key("2001:db8:1:2::1")).not.toBe(key("2001:db8:1:3::1"));
    expect(key("::1")).toBe("0000:0000:0000:0000::/64");
    expect(key("198.51.100.4")).toBe("198.51.100.4");
  });
});
