// The console and the stage as the tests drive them in Chromium: a page that keeps its errors,
// and the armed press of an irreversible button.
import type { Browser, Page } from 'playwright-core';

/** A new page at `url`; the page's errors and its console's errors are added to `errors`. */
export async function openPage(browser: Browser, url: string, errors: string[], width = 1400, height = 1000): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('console', (m) => m.type() === 'error' && errors.push(`${url}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${url}: ${e.message}`));
  // Chromium's console says only "404": the response names what was missing.
  page.on('response', (r) => r.status() >= 400 && errors.push(`${url}: ${r.status()} ${r.url()}`));
  await page.goto(url);
  return page;
}

/** An irreversible button: pressed, then pressed again to confirm. */
export async function armedClick(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('button', { name }).click();
  await page.getByRole('button', { name: /再按一次确认/ }).click();
}
