import { describe, expect, it } from "vitest";
import { IntlMessageFormat } from "intl-messageformat";
import { products } from "@/lib/catalog/products";
import en from "@/lib/i18n/messages/en.json";
import errorBoundary from "@/lib/i18n/messages/error-boundary.json";
import zhCN from "@/lib/i18n/messages/zh-CN.json";
import { adminMessages } from "@/lib/i18n/admin-messages";
import { accountMessages } from "@/lib/i18n/account-messages";
import paidEn from "@/lib/i18n/messages/paid/paid.en.json";
import paidZh from "@/lib/i18n/messages/paid/paid.zh-CN.json";

// Keys used in code are checked against en.json by the compiler (lib/i18n/global.d.ts); this holds
// the Chinese file to exactly the same keys, and every message in both to valid ICU syntax.

type Tree = { [key: string]: string | string[] | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string | string[]> {
  const found = new Map<string, string | string[]>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string" || Array.isArray(value)) found.set(path, value);
    else for (const [leaf, text] of leaves(value, path)) found.set(leaf, text);
  }
  return found;
}

const english = leaves({ ...en, admin: adminMessages.en, paid: paidEn, accounts: accountMessages.en });
const chinese = leaves({ ...zhCN, admin: adminMessages["zh-CN"], paid: paidZh, accounts: accountMessages["zh-CN"] });

describe("the storefront's messages", () => {
  it("has every English message in Chinese too", () => {
    expect([...english.keys()].filter((key) => !chinese.has(key))).toEqual([]);
  });

  it("has no Chinese message that English lacks", () => {
    expect([...chinese.keys()].filter((key) => !english.has(key))).toEqual([]);
  });

  it("gives the error pages' words in both languages", () => {
    expect(Object.keys(errorBoundary["zh-CN"]).sort()).toEqual(Object.keys(errorBoundary.en).sort());
  });

  it("names and describes every product of the catalog, and no other", () => {
    expect(Object.keys(en.products).sort()).toEqual(products.map((product) => product.key).sort());
  });

  it("lists as many features for each product in both languages", () => {
    for (const [key, value] of english) {
      if (Array.isArray(value)) expect(chinese.get(key), key).toHaveLength(value.length);
    }
  });

  // Chinese has no plural forms, so it may leave out a count English needs; it can never use a
  // value the code does not pass.
  it("uses in Chinese only placeholders English has, in valid ICU syntax", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((match) => match[1]).sort();
    for (const [key, value] of english) {
      const other = chinese.get(key);
      if (typeof value !== "string" || typeof other !== "string") continue;
      expect(() => new IntlMessageFormat(value, "en"), key).not.toThrow();
      expect(() => new IntlMessageFormat(other, "zh-CN"), key).not.toThrow();
      expect(placeholders(other).filter((name) => !placeholders(value).includes(name)), key).toEqual([]);
    }
  });

  it("says something different in Chinese for every message except names of languages and products", () => {
    const same = [...english].filter(([key, value]) => typeof value === "string" && chinese.get(key) === value && !/^(languages|header\.brand|ledger\.purchase$)/.test(key));
    expect(same.map(([key]) => key)).toEqual([]);
  });
});
