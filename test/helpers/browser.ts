import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { launchChromium } from "../../bench/support/chromium.js";

/** Where the end-to-end tests leave their screenshots (not committed; CI keeps them as artifacts). */
export const screenshotDir = join(import.meta.dirname, "..", "..", ".artifacts", "dashboard");

/** Headless Chromium with nothing that reaches past this machine (the bench's launcher, shared). */
export const launchBrowser = launchChromium;

/** Saves the page as `<name>.png` among the artifacts, and answers its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** axe-core's serious and critical violations on the page as it is now, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(" "))
          .join(", ")}`,
    );
}
