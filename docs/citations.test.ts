import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The README's Guarantees table and docs/security.md name, for each promise, the tests that would
// fail if it stopped being true. A renamed file or test must not leave a promise pointing nowhere.

const root = path.resolve(import.meta.dirname, "..");
const trackedFiles = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);

interface Citation {
  /** The row's promise, to name it in a failure. */
  promise: string;
  files: string[];
  /** Quoted test names, which may start or end in "…" when cut short. */
  testNames: string[];
}

/** The rows of the one Markdown table that has a "proved by" column, after the heading. */
function citations(document: string, heading: string): Citation[] {
  const lines = document.slice(document.indexOf(heading)).split("\n");
  const start = lines.findIndex((line) => line.startsWith("|"));
  const end = lines.findIndex((line, index) => index > start && !line.startsWith("|"));
  const rows = lines.slice(start, end < 0 ? undefined : end);
  const header = rows[0]?.split("|").map((cell) => cell.trim()) ?? [];
  const column = header.indexOf("proved by");
  if (column < 0) throw new Error(`no "proved by" column under ${heading}`);
  return rows.slice(2).map((row) => {
    const cells = row.split("|").map((cell) => cell.trim());
    const cited = cells[column] ?? "";
    return {
      promise: (cells[1] ?? "").slice(0, 80),
      files: [...cited.matchAll(/`([^`\s]+\.(?:test|spec)\.tsx?)`|(?<![\w/`.-])([\w./[\]-]+\.(?:test|spec)\.tsx?)/g)].map((m) => m[1] ?? m[2] ?? ""),
      // "…x" and "x…" cite a test whose name ends with, or starts with, x.
      testNames: [...cited.matchAll(/"([^"]{8,})"/g)].map((m) => (m[1] ?? "").replace(/^…|…$/g, "").trim()),
    };
  });
}

/** A cited path, or a bare file name that names exactly the files of that name. */
function resolve(cited: string): string[] {
  if (cited.includes("/")) return trackedFiles.filter((file) => file === cited || file.endsWith(`/${cited}`));
  return trackedFiles.filter((file) => path.basename(file) === cited);
}

const documents = [
  { file: "README.md", heading: "## Guarantees" },
  { file: "docs/security.md", heading: "## What stops them, and the proof" },
];

describe.each(documents)("the tests $file cites", ({ file, heading }) => {
  const rows = citations(readFileSync(path.join(root, file), "utf8"), heading);

  it("are cited on every row", () => {
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row.files, row.promise).not.toEqual([]);
  });

  it("exist as files", () => {
    for (const row of rows) {
      for (const cited of row.files) expect(resolve(cited), `${row.promise}: ${cited}`).not.toEqual([]);
    }
  });

  it("exist as tests of those names in the files the row cites", () => {
    for (const row of rows) {
      const texts = row.files.flatMap(resolve).map((cited) => readFileSync(path.join(root, cited), "utf8"));
      for (const name of row.testNames) {
        expect(texts.some((text) => text.includes(name)), `${row.promise}: "${name}"`).toBe(true);
      }
    }
  });
});
