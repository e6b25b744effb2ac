import type { Locator } from "@playwright/test";

/**
 * The rows of the "what was paid" list in `within` (the innermost list there, as a console fact
 * holds it), each as "term amount": ["Subtotal $5", "Tax $0.95", "Total paid $5.95"].
 */
export async function paidRows(within: Locator): Promise<string[]> {
  const rows = within.locator("dl").last().locator(":scope > div");
  return (await rows.allInnerTexts()).map((text) => text.trim().replace(/\s*\n\s*/g, " "));
}
