import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { handledEventTypes } from "@/lib/payments/webhook/handled-events";

it("the README tells operators to subscribe their webhook endpoint to exactly the events the storefront acts on", () => {
  const readme = readFileSync("README.md", "utf8");
  const start = readme.indexOf("Add a webhook endpoint");
  const end = readme.indexOf("\n5. ", start);
  expect(start).toBeGreaterThan(0);
  const listed = [...readme.slice(start, end).matchAll(/`([a-z_]+(?:\.[a-z_]+)+)`/g)].map((match) => match[1]);
  expect(new Set(listed)).toEqual(new Set(handledEventTypes));
  expect(listed).toHaveLength(handledEventTypes.size);
});
