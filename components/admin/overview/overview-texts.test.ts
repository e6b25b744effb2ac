import { IntlMessageFormat } from "intl-messageformat";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { locales } from "@/lib/i18n/locales";
import { messagesOf } from "@/lib/i18n/messages-by-locale";
import { overviewTranslator, type OverviewTexts } from "@/components/admin/overview/overview-texts";

// The overview formats its messages itself (overview-texts.ts says why); an operator must read
// exactly what next-intl would have written, in both languages, for every message and every
// plural form.

type Key = Parameters<OverviewTexts>[0];
type Element = ReturnType<IntlMessageFormat["getAst"]>[number];

/** A literal run of text in the parser's element types (TYPE.literal in @formatjs/icu-messageformat-parser). */
const LITERAL = 0;
const EACH_PLURAL_FORM = [0, 1, 2, 5, 21, 1234];

function messageKeys(node: unknown, prefix = ""): string[] {
  if (typeof node === "string") return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([name, child]) => messageKeys(child, prefix ? `${prefix}.${name}` : name));
}

/** Each argument a message takes, as "plural" (a number), "select" or "text", nested ones included. */
function argumentsOf(elements: Element[], found = new Map<string, "plural" | "select" | "text">()): Map<string, "plural" | "select" | "text"> {
  for (const element of elements) {
    if (!("value" in element) || typeof element.value !== "string" || element.type === LITERAL) continue;
    const kind = "pluralType" in element ? "plural" : "options" in element ? "select" : "text";
    found.set(element.value, kind);
    if ("options" in element) for (const option of Object.values(element.options)) argumentsOf(option.value, found);
  }
  return found;
}

describe.each(locales)("the overview's messages in %s", (locale) => {
  const ours = overviewTranslator(locale);
  const nextIntls = createTranslator({ locale, messages: messagesOf(locale), namespace: "admin.overview", timeZone: "UTC" });
  const keys = messageKeys(messagesOf(locale).admin.overview);

  it("are all there to compare", () => {
    expect(keys.length).toBeGreaterThan(50);
  });

  it.each(keys)("%s reads as next-intl writes it, with every plural form and choice", (key) => {
    const takes = argumentsOf(new IntlMessageFormat(nextIntls.raw(key as Parameters<typeof nextIntls.raw>[0]) as string, locale).getAst());
    for (const count of EACH_PLURAL_FORM) {
      for (const choice of ["true", "false"]) {
        const values = Object.fromEntries([...takes].map(([name, kind]) => [name, kind === "plural" ? count : kind === "select" ? choice : `‹${name}›`]));
        const theirs = nextIntls(key as Parameters<typeof nextIntls>[0], values);
        expect(ours(key as Key, values)).toBe(theirs);
      }
    }
  });
});
