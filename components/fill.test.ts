import { describe, expect, it } from "vitest";
import { fill } from "@/components/fill";

describe("filling a message in the browser", () => {
  it("puts each value in its placeholder, wherever the language puts it", () => {
    expect(fill("从 {date} 起改为{plan}。", { plan: "入门套餐", date: "2026年12月24日" })).toBe("从 2026年12月24日 起改为入门套餐。");
  });

  it("leaves a placeholder it has no value for as it is, rather than printing undefined", () => {
    expect(fill("Switch to {plan} now", {})).toBe("Switch to {plan} now");
  });
});
