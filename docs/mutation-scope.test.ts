import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// stryker.config.mjs names each gateway write's idempotency-key line by its number. An edit above
// such a line moves it, and the pin would then mutate a neighbour while the key went untested.

const root = path.resolve(import.meta.dirname, "..");
const gateway = "lib/stripe-gateway";

function pinnedLines(): { file: string; line: number }[] {
  const config = readFileSync(path.join(root, "stryker.config.mjs"), "utf8");
  return [...config.matchAll(/"([^"]+\.ts):(\d+)-(\d+)"/g)].map(([pattern, file = "", from = "0", to = "0"]) => {
    expect(from, `${pattern} pins one line`).toBe(to);
    return { file, line: Number(from) };
  });
}

function keyedWriteLines(): { file: string; line: number }[] {
  return readdirSync(path.join(root, gateway))
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
    .flatMap((name) =>
      readFileSync(path.join(root, gateway, name), "utf8")
        .split("\n")
        .flatMap((text, index) => (text.includes("write(`") ? [{ file: `${gateway}/${name}`, line: index + 1 }] : [])),
    );
}

describe("the mutation run's pinned gateway lines", () => {
  it("each pinned line is a gateway write that names its idempotency key", () => {
    for (const { file, line } of pinnedLines()) {
      const text = readFileSync(path.join(root, file), "utf8").split("\n")[line - 1] ?? "";
      expect(text, `${file}:${line}`).toContain("write(`");
    }
  });

  it("every gateway write that names an idempotency key is pinned", () => {
    const pinned = new Set(pinnedLines().map(({ file, line }) => `${file}:${line}`));
    const unpinned = keyedWriteLines().filter(({ file, line }) => !pinned.has(`${file}:${line}`) && !file.endsWith("/calls.ts"));
    expect(unpinned).toEqual([]);
  });
});
