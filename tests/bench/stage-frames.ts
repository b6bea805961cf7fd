// The stage's frame times at 3840×2160 in headless Chromium, against a real ceremony on the
// loopback server: requestAnimationFrame deltas collected in the page over each window, while
// balls arrive (a ball every 600 ms: each arrival animates for 900 ms) and while reveal pages
// turn (every 250 ms through 10,000 winners), beside the same stage standing still (the
// baseline) in the same browser and run.
import { unwrap } from '../../electron/node/failure.ts';
import { launchBrowser } from '../support/browser.ts';
import { applicantCodes, SAMPLE_BALLS, startScenario } from '../support/scenario.ts';

/** Frame-to-frame intervals (ms) of each window, as the page's requestAnimationFrame saw them. */
export interface StageFrames {
  readonly still: number[];
  readonly balls: number[];
  readonly pages: number[];
}

export const FRAME_SIZE = { width: 3840, height: 2160 } as const;

export async function stageFrames(): Promise<StageFrames> {
  const scenario = await startScenario([{ id: 'personal', name: '个人普通小客车', entries: applicantCodes(12_000), quota: 10_000, alternates: 500 }]);
  const call = async (...args: Parameters<typeof scenario.host.call>) => unwrap(await scenario.host.call(...args));
  const browser = await launchBrowser();
  try {
    await scenario.step('imported');
    await call('confirmSealDigest', {});
    const page = await browser.newPage({ viewport: FRAME_SIZE });
    await page.goto(scenario.server.stageUrl);
    await page.waitForSelector('[data-phase="seeding"]');
    await page.evaluate('document.fonts.ready');
    // Runs in the page, as a string: this file is type-checked without the DOM.
    const record = (ms: number) => page.evaluate(`new Promise((resolve) => {
      const times = [];
      const end = performance.now() + ${ms};
      const tick = (t) => {
        times.push(t);
        if (t < end) requestAnimationFrame(tick);
        else resolve(times.slice(1).map((x, i) => x - times[i]));
      };
      requestAnimationFrame(tick);
    })`) as Promise<number[]>;
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    const still = await record(4000);
    const arriving = record(SAMPLE_BALLS.length * 600 + 900);
    for (const d of SAMPLE_BALLS) {
      await call('enterManualBall', { hostDigit: d, notaryDigit: d });
      await pause(600);
    }
    const balls = await arriving;

    await call('confirmSeed', {});
    await call('computeResults', {});
    await call('revealTo', { pool: 0, page: 0 });
    await page.waitForSelector('.reveal-cell');
    await pause(1000);
    const turning = record(10_000);
    for (let p = 1; p <= 40; p++) {
      await pause(250);
      await call('revealTo', { pool: 0, page: p });
    }
    const pages = await turning;
    return { still, balls, pages };
  } finally {
    await browser.close();
    await scenario.close();
  }
}
