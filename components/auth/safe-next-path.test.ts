import { describe, expect, it } from "vitest";
import { safeNextPath, signInHref } from "@/components/auth/safe-next-path";

// Values as the page receives them: Next has already percent-decoded the query string once, so
// `?next=/%09/evil.example` arrives here as "/\t/evil.example".
describe("safeNextPath", () => {
  it.each([
    ["/", "/"],
    ["/account", "/account"],
    ["/?buy=lifetime", "/?buy=lifetime"],
    ["/success?session_id=cs_test_1#status", "/success?session_id=cs_test_1#status"],
    ["/a/../account", "/account"],
    ["/%09/evil.example", "/%09/evil.example"],
  ])("keeps the same-origin path %j as %j", (value, expected) => {
    expect(safeNextPath(value)).toBe(expected);
  });

  it.each([
    ["/café?q=é#ü", "/caf%C3%A9?q=%C3%A9#%C3%BC"],
    ["/a b?c=<d>\"", "/a%20b?c=%3Cd%3E%22"],
  ])("percent-encodes %j so that it is a valid Location header", (value, expected) => {
    const path = safeNextPath(value);
    expect(path).toBe(expected);
    expect(path).toMatch(/^[\x21-\x7e]+$/);
  });

  it.each([
    ["a protocol-relative URL", "//evil.example"],
    ["a short protocol-relative URL", "//x"],
    ["a backslash read as a slash", "/\\evil.example"],
    ["a short backslash URL", "/\\x"],
    ["a tab the parser strips (?next=/%09/evil.example)", "/\t/evil.example"],
    ["a tab then a backslash (?next=/%09%5Cevil.example)", "/\t\\evil.example"],
    ["a newline (%0A)", "/\n/evil.example"],
    ["a carriage return (%0D)", "/\r/evil.example"],
    ["a header injection", "/\r\nSet-Cookie: a=b"],
    ["a NUL", "/\u0000/evil.example"],
    ["a DEL", "/\u007f"],
    ["a C1 control", "/\u0085/evil.example"],
    ["a control character in the query", "/account?x=\u0001"],
    ["dot segments that normalize to //", "/.//evil.example"],
    ["encoded dot segments that normalize to //", "/%2e%2E//evil.example"],
    ["a parent segment that normalizes to //", "/a/..//evil.example"],
    ["an absolute URL", "https://evil.example/"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a relative path", "account"],
    ["a path after whitespace", " /account"],
    ["an unparsable host", "//["],
    ["an empty value", ""],
  ])("refuses %s", (_, value) => {
    expect(safeNextPath(value)).toBe("/");
  });

  it("refuses a missing value", () => {
    expect(safeNextPath(undefined)).toBe("/");
  });

  it("reads only the first of repeated values", () => {
    expect(safeNextPath(["//evil.example", "/account"])).toBe("/");
    expect(safeNextPath(["/account", "//evil.example"])).toBe("/account");
  });

  it("returns only values that resolve to the same origin again", () => {
    for (const value of ["/café", "/.//x", "/%2e/%2e//x", "/a/%2e%2e//x?y#z"]) {
      const path = safeNextPath(value);
      expect(new URL(path, "https://shop.example").origin).toBe("https://shop.example");
    }
  });
});

describe("signInHref", () => {
  it("carries the return path as one encoded query value", () => {
    expect(signInHref("/?buy=lifetime")).toBe("/sign-in?next=%2F%3Fbuy%3Dlifetime");
  });
});
