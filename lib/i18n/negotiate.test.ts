import { describe, expect, it } from "vitest";
import { chosenLocale, localeFromAcceptLanguage, localeOfRequest } from "@/lib/i18n/negotiate";

describe("the buyer's language", () => {
  it("is Chinese for a browser that prefers any Chinese", () => {
    expect(localeFromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh-TW")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh-Hans-CN")).toBe("zh-CN");
  });

  it("follows the browser's order of preference, not the order it names languages in", () => {
    expect(localeFromAcceptLanguage("zh-CN;q=0.5,en-GB")).toBe("en");
    expect(localeFromAcceptLanguage("fr,zh;q=0.8,en;q=0.5")).toBe("zh-CN");
  });

  it("is English when the browser asks for neither language, or says nothing", () => {
    expect(localeFromAcceptLanguage("fr-FR,de")).toBe("en");
    expect(localeFromAcceptLanguage(null)).toBe("en");
    expect(localeFromAcceptLanguage("*;;;=garbage")).toBe("en");
  });

  it("is the one chosen in the header once a cookie remembers it", () => {
    expect(chosenLocale("en", "zh-CN")).toBe("en");
    expect(chosenLocale("zh-CN", "en")).toBe("zh-CN");
  });

  it("ignores a cookie naming a language the storefront does not speak", () => {
    expect(chosenLocale("fr", "zh")).toBe("zh-CN");
  });
});

describe("the language of an API request", () => {
  const request = (headers: Record<string, string>) => new Request("http://localhost/api/x", { headers });

  it("is the header's choice from the cookie, whatever else the cookie header holds", () => {
    expect(localeOfRequest(request({ cookie: "a=1; NEXT_LOCALE=zh-CN; b=2", "accept-language": "en" }))).toBe("zh-CN");
  });

  it("is the browser's when no language was chosen", () => {
    expect(localeOfRequest(request({ cookie: "a=1", "accept-language": "zh" }))).toBe("zh-CN");
  });
});
