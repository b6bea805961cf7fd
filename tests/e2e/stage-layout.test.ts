// The stage's layout as a broadcast engineer checks it, in real Chromium at 1920×1080 and
// 3840×2160, in every phase the stage shows (tests/support/stage-fixtures.ts: views of real
// ceremonies with 60-character titles, 18-character codes, 1 and 8 pools, quotas to 10,000):
// every text and graphic inside the title-safe area (EBU R 95: the central 90% of the width and
// the height), no text over another text, a picture or a box unless one holds the other, no
// text too small to read on a livestream, no text cut off by its box, every table cell under
// its column's head. The rehearsal watermark alone covers the frame by design: it is exempt by
// its test id, and its text must be inside the frame instead, and beneath every text (never
// painted over what the audience reads). The measure is tests/support/layout.ts.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { measure, problems } from '../support/layout.ts';
import { openStage, STAGE_SIZES, stageFixtures } from '../support/stage-fixtures.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the measure itself', () => {
  it('finds a text outside the safe area, two texts over each other, a picture over a text, a text over a box not its own, a text too small, a text under the watermark\'s letters, a text cut off, a table cell not under its head; the watermark only outside the frame', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await page.setContent(`<body style="margin:0;font:40px sans-serif">
        <div style="position:absolute;left:96px;top:54px">inside</div>
        <div style="position:absolute;left:1800px;top:200px;white-space:nowrap">past the right</div>
        <div style="position:absolute;left:300px;top:300px">first</div>
        <div style="position:absolute;left:320px;top:310px">second</div>
        <div style="position:absolute;left:600px;top:300px;background:#123;padding:20px">in its cell <b>nested</b></div>
        <svg style="position:absolute;left:1200px;top:300px" width="80" height="80"></svg>
        <div style="position:absolute;left:1220px;top:320px">under</div>
        <div style="position:absolute;left:300px;top:700px;width:100px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis">cut off here</div>
        <div style="position:absolute;left:96px;top:900px;font-size:14px">small print</div>
        <div style="position:absolute;left:1300px;top:800px;width:200px;height:60px;background:#345"></div>
        <div style="position:absolute;left:1320px;top:810px">on a box</div>
        <table style="position:absolute;left:900px;top:600px;width:600px;table-layout:fixed;font:40px sans-serif"><tr><th>head</th><th style="display:flex;width:30%">wide</th></tr><tr><td>a</td><td>b</td></tr></table>
        <div style="position:absolute;left:1720px;top:505px">x</div>
        <div data-testid="watermark" style="position:absolute;inset:0"><span style="position:absolute;left:1700px;top:500px;white-space:nowrap">REHEARSAL</span></div>
        <div style="position:absolute;inset:0;background:#000;z-index:-1"></div>
      </body>`);
      const found = problems(await measure(page), { stage: true });
      // In the order problems() lists them: each element outside its area in document order, the overlaps, the sizes, the watermark over a text, what is cut off.
      expect(found).toEqual([
        expect.stringMatching(/^outside the title-safe area \[96, 54, 1824, 1026\]: div "past the right" \[1800, /),
        expect.stringMatching(/^watermark outside the frame \[0, 0, 1920, 1080\]: span in \[data-testid=watermark\] "REHEARSAL"/),
        expect.stringMatching(/^overlapping: div "first" .* and div "second"/),
        expect.stringMatching(/^overlapping: svg .* and div "under"/),
        expect.stringMatching(/^overlapping: div \[1300, 800, 1500, 860\] and div "on a box"/),
        'too small to read on a livestream (14.0 px of 1080): div "small print"',
        'under the watermark\'s letters: div "x"',
        expect.stringMatching(/^text cut off: div "cut off here": content \d+×\d+ in a box of 100×\d+$/),
        'not under its column\'s head (th "wide"): td "b"',
      ]);
    } finally {
      await page.close();
    }
  });
});

const fixtures = await stageFixtures();

describe.each(fixtures)('the stage, $name', (fixture) => {
  for (const size of STAGE_SIZES) {
    it(`at ${size.name} (${size.width}×${size.height}): inside the title-safe area, nothing over anything, large enough, nothing cut off`, async () => {
      const errors: string[] = [];
      const page = await openStage(browser, fixture, size, errors);
      try {
        const m = await measure(page);
        // What was measured: texts in the frame, and the watermark exactly when the ceremony is a rehearsal.
        expect(m.painted.filter((p) => p.kind === 'text').length).toBeGreaterThan(3);
        expect(m.painted.some((p) => p.watermark)).toBe(fixture.view.ceremony?.state.ceremony?.rehearsal ?? false);
        expect(problems(m, { stage: true }).map((p) => `${fixture.name} ${size.name}: ${p}`)).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
