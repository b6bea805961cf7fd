// Progress while the bundle is written to the stick and read back: the writer's events in order
// and complete (files and bytes adding up to what is on the stick), the event loop free between
// chunks, the view's bundleWrite while it lasts, a few views a second at most, and the console
// showing it in Chromium.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BundleWriteProgress, KioskView } from '../electron/contract/kiosk-api.ts';
import { writeBundle, type BundleFile } from '../electron/node/bundle-writer.ts';
import { unwrap } from '../electron/node/failure.ts';
import { lastRevealPage } from './support/reveal-end.ts';
import { realDevices, type DriveLister } from '../electron/service/devices.ts';
import { KioskService } from '../electron/service/kiosk-service.ts';
import { formatMegabytes } from '../renderer/format.ts';
import { launchBrowser } from './support/browser.ts';
import { NAMES } from './support/ceremony-names.ts';
import { applicantCodes, startScenario } from './support/scenario.ts';
import { failureOf } from './support/outcomes.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';
import { stick, unmountSticks } from './support/sticks.ts';

afterEach(unmountSticks);

type Progress = Omit<BundleWriteProgress, 'target'>;

/** Every regular file under `dir` and its size, as the stick's file system lists them. */
function onDisk(dir: string): { files: number; bytes: number } {
  const found = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return { files: found.length, bytes: found.reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0) };
}

/** Each step's events: counts never go back, and the last event of the step has them all. */
function checkStep(events: readonly Progress[], total: { files: number; bytes: number }): void {
  expect(events.length).toBeGreaterThan(total.files);
  expect(events[0]).toMatchObject({ filesDone: 0, bytesDone: 0 });
  for (const [i, e] of events.entries()) {
    expect(e).toMatchObject({ files: total.files, bytes: total.bytes });
    if (i > 0) {
      expect(e.filesDone).toBeGreaterThanOrEqual(events[i - 1]!.filesDone);
      expect(e.bytesDone).toBeGreaterThanOrEqual(events[i - 1]!.bytesDone);
    }
  }
  expect(events.at(-1)).toMatchObject({ filesDone: total.files, bytesDone: total.bytes });
  // Each file finished is an event of its own.
  expect(new Set(events.map((e) => e.filesDone)).size).toBe(total.files + 1);
}

describe('the bundle writer reports its progress', () => {
  it('writing, then reading back: in order, complete, files and bytes adding up to what is on the stick; big files chunk by chunk, the event loop free between', async () => {
    const usb = stick('64m');
    const target = join(usb, 'bundle');
    const big = (n: number, k: number) => new Uint8Array(n).map((_, i) => (i * k) % 251);
    const files: BundleFile[] = [
      { name: 'README.txt', bytes: new TextEncoder().encode('read me\n') },
      { name: 'package/P.csv', bytes: big(5 * 2 ** 20 + 17, 7) },
      { name: 'results/P.csv', bytes: big(3 * 2 ** 20, 11) },
      { name: 'journal.jsonl', bytes: new Uint8Array(0) },
    ];
    const events: Progress[] = [];
    let ticks = 0;
    const ticked: number[] = [];
    const timer = setInterval(() => ticks++, 0);
    try {
      await writeBundle(target, files, { onProgress: (p) => {
        events.push(p);
        ticked.push(ticks);
      } });
    } finally {
      clearInterval(timer);
    }
    const total = onDisk(target);
    expect(total.files).toBe(files.length + 1); // and SHA256SUMS

    const firstReading = events.findIndex((e) => e.step === 'reading-back');
    expect(firstReading).toBeGreaterThan(0);
    const writing = events.slice(0, firstReading);
    const reading = events.slice(firstReading);
    expect(writing.every((e) => e.step === 'writing')).toBe(true);
    expect(reading.every((e) => e.step === 'reading-back')).toBe(true);
    checkStep(writing, total);
    checkStep(reading, total);
    // A big file moves the bytes on before it is done, in each step.
    for (const step of [writing, reading]) expect(step.some((e, i) => i > 0 && e.filesDone === step[i - 1]!.filesDone && e.bytesDone > step[i - 1]!.bytesDone)).toBe(true);
    // Timers ran while the bundle was written and read back: nothing held the event loop throughout.
    expect(ticked.at(-1)! - ticked[0]!).toBeGreaterThan(0);
  });
});

describe('the view while the bundle is written', () => {
  it('carries bundleWrite while it lasts, a few views a second at most, and none once written or refused', async () => {
    const ro = stick('8m', true);
    const usb = stick('64m');
    const drives: DriveLister = async () => [ro, usb].map((mountPoint) => ({ label: 'NOTARY', mountPoint, sizeBytes: 6.4e7, freeBytes: 6.4e7 }));
    const host = new KioskService({ ...realDevices(tempDir('kiosk-progress-')), drives });
    // A pool file of several MiB, so that the write takes many chunks.
    const pkg = writePackage([{ id: 'P', entries: simpleEntries(600_000), quota: 50, alternates: 10 }], { balls: 3 });
    unwrap(await host.call('createCeremony', { period: 'test-1', kind: 'quota-allocation', rehearsal: true, ...NAMES }));
    unwrap(await host.call('importPackage', { path: pkg }));
    unwrap(await host.call('confirmSealDigest', {}));
    for (const d of '407') unwrap(await host.call('enterManualBall', { hostDigit: d, notaryDigit: d }));
    unwrap(await host.call('confirmSeed', {}));
    unwrap(await host.call('computeResults', {}));
    unwrap(await host.call('revealTo', lastRevealPage(host.view())));

    const views: KioskView[] = [];
    const unsubscribe = host.subscribe((v) => views.push(v));
    expect(failureOf(await host.call('writeBundle', { target: join(ro, 'bundle') }))).toMatchObject({ kind: 'write-failed' });
    expect(views.at(-1)!.bundleWrite).toBeUndefined();

    views.length = 0;
    const target = join(usb, 'bundle');
    const started = performance.now();
    unwrap(await host.call('writeBundle', { target }));
    const took = performance.now() - started;
    unsubscribe();

    const shown = views.flatMap((v) => (v.bundleWrite ? [v.bundleWrite] : []));
    const total = onDisk(target);
    expect(shown.every((p) => p.target === target && p.files === total.files && p.bytes === total.bytes)).toBe(true);
    expect(shown.some((p) => p.step === 'writing')).toBe(true);
    expect(shown.some((p) => p.step === 'reading-back')).toBe(true);
    expect(shown.findIndex((p) => p.step === 'reading-back')).toBeGreaterThan(shown.findLastIndex((p) => p.step === 'writing'));
    // Throttled: the start and end of each step, and otherwise about one view every 100 ms.
    expect(shown.length).toBeLessThanOrEqual(4 + Math.ceil(took / 100));
    expect(views.at(-1)!.bundleWrite).toBeUndefined();
    expect(host.view().bundleWrite).toBeUndefined();

    // One bundle at a time: a second write asked for while one is under way (another console tab) is refused.
    const [first, second] = await Promise.all([join(usb, 'again'), join(usb, 'twice')].map((t) => host.call('writeBundle', { target: t })));
    unwrap(first!);
    expect(failureOf(second!)).toEqual({ kind: 'bundle-write-running' });
    expect(host.view().ceremony!.state.bundles.map((b) => b.name)).toEqual(['bundle', 'again']);
    expect(readdirSync(usb).sort()).toEqual(['again', 'bundle']);
    await host.dispose();
  });
});

describe('the console while the bundle is written', () => {
  it('shows the step, the files and the MB of the bundle, each count thousands-separated', async () => {
    expect(formatMegabytes(1.5 * 2 ** 30)).toBe('1,536.0');
    const scenario = await startScenario([{ id: 'personal', name: '个人普通小客车', entries: applicantCodes(1_000_000), quota: 200, alternates: 20 }]);
    const browser = await launchBrowser();
    try {
      await scenario.step('reveal');
      const page = await browser.newPage();
      await page.goto(scenario.server.consoleUrl);
      await page.locator('input[name=bundle-target]').waitFor();
      // Every text the progress shows while it lasts (it is gone once the bundle is sealed).
      await page.evaluate(() => {
        const win = globalThis as unknown as {
          shown: string[];
          document: { body: unknown; querySelector(selector: string): { textContent: string } | null };
          MutationObserver: new (seen: () => void) => { observe(node: unknown, options: unknown): void };
        };
        win.shown = [];
        new win.MutationObserver(() => {
          const progress = win.document.querySelector('[data-testid=bundle-progress]');
          if (progress) win.shown.push(progress.textContent);
        }).observe(win.document.body, { subtree: true, childList: true, characterData: true });
      });
      unwrap(await scenario.host.call('revealTo', lastRevealPage(scenario.host.view())));
      unwrap(await scenario.host.call('writeBundle', { target: scenario.bundleDir }));
      await page.getByTestId('evidence-digest').waitFor();
      const shown = await page.evaluate(() => (globalThis as unknown as { shown: string[] }).shown);
      const total = onDisk(scenario.bundleDir);
      const counts = `/ ${total.files} · `;
      const megabytes = `/ ${formatMegabytes(total.bytes)} MB`;
      expect(shown.some((text) => text.includes('写入 U 盘'))).toBe(true);
      expect(shown.some((text) => text.includes('从 U 盘读回'))).toBe(true);
      expect(shown.every((text) => text.includes(counts) && text.endsWith(megabytes))).toBe(true);
      expect(await page.getByTestId('bundle-progress').count()).toBe(0);
    } finally {
      await browser.close();
      await scenario.close();
    }
  });
});
