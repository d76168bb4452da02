import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';

const SCREENSHOTS = path.resolve(__dirname, '..', '..', '..', 'test-results', 'screenshots');

/** Keeps a full-page screenshot of what the test sees, as an artifact of the run. */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // From the top: a full-page capture of a scrolled page paints the fixed header mid-page.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** WCAG 2.1 AA by axe-core: any serious or critical violation fails the test, listed with its nodes. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = blocking.map(
    (v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  expect(described, `axe found serious or critical violations on ${page.url()}`).toEqual([]);
}

/** Every page a test visits: settled, screenshot kept, axe-checked. */
export async function visited(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await snap(page, name);
  await expectAccessible(page);
}

export const test = base.extend<{ apiURL: string; mailDir: string }>({
  // The engine's addresses are known only after the global setup started it.
  baseURL: async ({}, use) => use(process.env.ACIE_BASE_URL),
  apiURL: async ({}, use) => use(process.env.ACIE_API_URL ?? ''),
  mailDir: async ({}, use) => use(process.env.ACIE_MAIL_DIR ?? ''),
});

export { expect };
