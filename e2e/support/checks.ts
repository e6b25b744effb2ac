import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

// What every screen must hold for every buyer, checked wherever a tour stops.

interface AxeScope {
  /**
   * A frame of another site's page (Stripe's embedded form) left out: axe would judge its
   * headings and landmarks as the store's, and the store cannot change them.
   */
  thirdPartyFrame?: string;
}

/** axe-core's WCAG 2.x A and AA rules (and its best practices), with nothing of the store's excluded. */
export async function expectNoAxeViolations(page: Page, where: string, scope: AxeScope = {}): Promise<void> {
  // Colours are judged at rest, not under the pointer that just clicked. (The tour asks for reduced
  // motion, so no button is caught half-way through its fade from disabled grey.)
  await page.mouse.move(0, 0);
  // A page refreshed after an action streams its title again (Next's streamed metadata): judge the settled page.
  await expect(page).toHaveTitle(/\S/);
  const builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]);
  const { violations } = await (scope.thirdPartyFrame ? builder.exclude(scope.thirdPartyFrame) : builder).analyze();
  const found = violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`).join("; ")})`);
  expect(found, `accessibility of ${where}`).toEqual([]);
}

/** Nothing wider than the screen, and the header's links and buttons on one row. */
export async function expectFitsTheScreen(page: Page, where: string): Promise<void> {
  const layout = await page.evaluate(() => {
    const centers = [...document.querySelectorAll("header a, header button")]
      .map((element) => element.getBoundingClientRect())
      .filter((box) => box.width > 1 && box.height > 1)
      .map((box) => box.top + box.height / 2);
    return {
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      headerRowSpread: Math.max(...centers) - Math.min(...centers),
    };
  });
  expect(layout.overflow, `sideways scrolling on ${where}`).toBeLessThanOrEqual(0);
  expect(layout.headerRowSpread, `header rows on ${where}`).toBeLessThan(8);
}

export async function expectGoodScreen(page: Page, where: string, scope: AxeScope = {}): Promise<void> {
  await expectFitsTheScreen(page, where);
  await expectNoAxeViolations(page, where, scope);
}
