import { describe, expect, it } from "vitest";
import { encodeForm, parseForm } from "../src/http/form";
import { parseArgs, flag, flags } from "../src/cli/args";

describe("form decoding", () => {
  it("turns indexed brackets into arrays and named brackets into objects", () => {
    const body = encodeForm({ line_items: [{ price: "price_1", quantity: 2 }], metadata: { k: "v w" }, expand: ["a", "b.c"], customer: null });
    expect(parseForm(body)).toEqual({ line_items: [{ price: "price_1", quantity: "2" }], metadata: { k: "v w" }, expand: ["a", "b.c"], customer: "" });
  });

  it("accepts empty-bracket arrays too", () => {
    expect(parseForm("expand[]=x&expand[]=y")).toEqual({ expand: ["x", "y"] });
  });
});

describe("CLI argument parsing", () => {
  it("reads --flag value, --flag=value, bare flags and repeated flags", () => {
    const args = parseArgs(["serve", "--port", "1", "--forward-to=http://a", "--forward-to", "http://b", "--print-secret"]);
    expect(args.positional).toEqual(["serve"]);
    expect(flag(args, "port")).toBe("1");
    expect(flags(args, "forward-to")).toEqual(["http://a", "http://b"]);
    expect(flag(args, "print-secret")).toBe("true");
  });
});
