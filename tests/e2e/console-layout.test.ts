// The console's layout as the host reads it, in real Chromium: in every phase of a rehearsal,
// in Chinese and in English (the longer words), on a small operator screen and a full-HD one,
// no text lies over another text, a picture or a box not its own (a button, a field), none is
// cut off, and every table cell is under its column's head. The measure is tests/support/layout.ts.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { measure, problems } from '../support/layout.ts';
import { applicantCodes, startScenario, type Scenario } from '../support/scenario.ts';
import { openPage } from '../support/screens.ts';

/** A 1280×800 operator screen (the smallest the console is laid out for) and a full-HD one. */
const SIZES = [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }] as const;
const STEPS = ['created', 'imported', 'seeding', 'seed-confirmed', 'reveal', 'sealed', 'closed'] as const;

let scenario: Scenario;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  scenario = await startScenario([
    { id: 'personal', name: '个人普通小客车增量指标（含家庭积分排序）', entries: applicantCodes(600), quota: 40, alternates: 10 },
    { id: 'company', name: '单位普通小客车增量指标 Company quota', entries: applicantCodes(80, '46020'), quota: 8 },
  ]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await scenario?.close();
});

/** The page's problems once it shows `phase` and its animations have settled. */
async function problemsIn(page: Page, phase: string): Promise<string[]> {
  await page.locator('ol.stepper').waitFor({ timeout: 10_000 });
  await page.waitForFunction("document.getAnimations().every((a) => a.playState !== 'running' || a.effect.getTiming().iterations === Infinity)", undefined, { timeout: 10_000 });
  const m = await measure(page);
  expect(m.painted.filter((p) => p.kind === 'text').length, phase).toBeGreaterThan(20); // what was measured: the page's texts
  return problems(m, { stage: false }).map((p) => `${phase}: ${p}`);
}

describe('the console', () => {
  for (const to of STEPS) {
    it(`${to}: nothing over anything, nothing cut off, in Chinese and English, at ${SIZES.map((s) => `${s.width}×${s.height}`).join(' and ')}`, async () => {
      if (to !== 'created') await scenario.step(to);
      const found: string[] = [];
      for (const size of SIZES) {
        const page = await openPage(browser, scenario.server.consoleUrl, errors, size.width, size.height);
        try {
          found.push(...(await problemsIn(page, `${to} zh ${size.width}`)));
          await page.getByRole('button', { name: 'language' }).click();
          found.push(...(await problemsIn(page, `${to} en ${size.width}`)));
        } finally {
          await page.close();
        }
      }
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
    });
  }

  it('keeps the language the host chose through a reload', async () => {
    const page = await openPage(browser, scenario.server.consoleUrl, errors);
    try {
      const language = page.getByRole('button', { name: 'language' });
      await expect.poll(() => language.textContent()).toBe('English');
      await language.click();
      await page.reload();
      await expect.poll(() => language.textContent()).toBe('中文');
      await language.click();
      await page.reload();
      await expect.poll(() => language.textContent()).toBe('English');
    } finally {
      await page.close();
    }
  });
});
