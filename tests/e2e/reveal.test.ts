// The reveal and what the stage says after it, in real Chromium against browser mode (a real
// start-web process): the automatic pace turns the stage's pages, survives a reload of the
// console and stops when paused; the stage says "sealed" only once the bundle is written and
// read back (the bundle-written fact), then shows the evidence digest. The ceremony is driven
// to the reveal over the console's own socket; the pace and the pause through the console page.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { startBrowserMode, type BrowserMode } from '../support/browser-mode.ts';
import { NAMES } from '../support/ceremony-names.ts';
import { openScreen, type Reply, type ScreenClient } from '../support/kiosk-wire.ts';
import { simpleEntries, writePackage } from '../support/packages.ts';

let host: BrowserMode;
let browser: Browser;
let wire: ScreenClient;
const errors: string[] = [];

beforeAll(async () => {
  host = await startBrowserMode();
  browser = await launchBrowser();
  wire = await openScreen(host.consoleUrl, 'console');
});
afterAll(async () => {
  await wire?.close();
  await browser?.close();
  await host?.stop();
});

async function open(url: string, width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('console', (m) => m.type() === 'error' && errors.push(`${url}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${url}: ${e.message}`));
  await page.goto(url);
  return page;
}

async function call(command: string, args: unknown): Promise<unknown> {
  const reply: Reply = await wire.call(command, args);
  if (!reply.ok) throw new Error(`${command}: ${JSON.stringify(reply.failure)}`);
  return reply.value;
}

/** A rehearsal on the console's socket, up to its results computed (pages of 20 rows in browser mode). */
async function computedRehearsal(pools: Parameters<typeof writePackage>[0]): Promise<void> {
  const pkg = writePackage(pools, { balls: 6 });
  await call('createCeremony', { period: 'test-1', kind: 'quota-allocation', rehearsal: true, ...NAMES });
  await call('importPackage', { path: pkg });
  await call('confirmSealDigest', {});
  for (const d of '048213') await call('enterManualBall', { hostDigit: d, notaryDigit: d });
  await call('confirmSeed', {});
  await call('computeResults', {});
}

describe('the automatic reveal pace', () => {
  it('set to 2 s on the console: the stage turns page after page; a reloaded console shows it running; paused, no page turns', async () => {
    // Pool P: 80 winners and 10 alternates, 5 pages; pool Q: 1 page.
    await computedRehearsal([
      { id: 'P', name: '个人普通', entries: simpleEntries(100), quota: 80, alternates: 10 },
      { id: 'Q', name: '单位普通', entries: simpleEntries(12, 'Q'), quota: 3 },
    ]);
    const console_ = await open(host.consoleUrl, 1400, 1000);
    const stage = await open(host.stageUrl, 1920, 1080);
    const stagePage = () => stage.getByTestId('reveal-page').count().then(async (n) => (n ? stage.getByTestId('reveal-page').textContent() : null));
    await expect.poll(() => console_.getByTestId('reveal-pace').textContent()).toMatch(/自动翻页已暂停/);
    expect(await stagePage()).toBeNull();

    await console_.locator('select[name=pace-interval]').selectOption('2000');
    await expect.poll(() => console_.locator('select[name=pace-interval]').inputValue()).toBe('2000');
    await console_.getByRole('button', { name: '开始自动翻页' }).click();
    await expect.poll(() => console_.getByTestId('reveal-pace').textContent()).toMatch(/自动翻页中：每 2 秒一页/);
    // Two turns on the stage, nobody pressing anything: page 1, then page 2 of pool P (first of two pools).
    await expect.poll(stagePage, { timeout: 15_000 }).toBe('第 1 / 5 页');
    expect(await stage.getByTestId('reveal-pool').textContent()).toMatch(/第 1 \/ 2 池/);
    await expect.poll(stagePage, { timeout: 15_000 }).toBe('第 2 / 5 页');

    // The console reloaded: the pace is the service's, so it is still running, at 2 s, and turns on.
    await console_.reload();
    await expect.poll(() => console_.getByTestId('reveal-pace').textContent(), { timeout: 15_000 }).toMatch(/自动翻页中：每 2 秒一页/);
    expect(await console_.locator('select[name=pace-interval]').inputValue()).toBe('2000');
    expect(await console_.getByRole('button', { name: '暂停自动翻页' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(stagePage, { timeout: 15_000 }).toBe('第 3 / 5 页');

    // Paused: the page stays, over more than two intervals.
    await console_.getByRole('button', { name: '暂停自动翻页' }).click();
    await expect.poll(() => console_.getByTestId('reveal-pace').textContent()).toMatch(/自动翻页已暂停/);
    const paused = wire.views.at(-1)!.ceremony!.state.reveal;
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(wire.views.at(-1)!.ceremony!.state.reveal).toEqual(paused);
    expect(wire.views.at(-1)!.revealPace).toEqual({ intervalMs: 2000, running: false });
    expect(await stagePage()).toBe(`第 ${paused!.page + 1} / 5 页`);
    expect(errors).toEqual([]);
    await console_.close();
    await stage.close();
  });
});

describe('what the stage says from the results to the close', () => {
  it('"computed, the reveal follows" before the reveal; "sealed" only once the bundle is written and read back, then the evidence digest; closed', async () => {
    const stage = await open(host.stageUrl, 1920, 1080);
    // Every text the stage frame shows, with its phase, from now on (in the page; the tests are
    // type-checked without the DOM's globals).
    await stage.evaluate(`window.seen = [];
      const note = () => {
        const frame = document.querySelector('.stage-frame');
        if (frame) window.seen.push({ phase: frame.dataset.phase ?? '', text: frame.textContent });
      };
      note();
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });`);
    const phase = () => stage.locator('.stage-frame').getAttribute('data-phase');
    const main = () => stage.locator('.stage-main').textContent();

    await computedRehearsal([{ id: 'P', name: '个人普通', entries: simpleEntries(30), quota: 25, alternates: 2 }]);
    await expect.poll(phase).toBe('computed');
    expect(await main()).not.toMatch(/已封存|\bsealed\b/i);
    expect(await main()).toContain('结果已算出，即将揭晓 · Results computed, the reveal follows');
    expect(await stage.getByTestId('evidence-digest').count()).toBe(0);

    await call('revealTo', { pool: 0, page: 0 });
    await expect.poll(() => stage.getByTestId('reveal-page').textContent()).toBe('第 1 / 2 页');
    await call('revealTo', { pool: 0, page: 1 });
    await expect.poll(() => stage.getByTestId('reveal-page').textContent()).toBe('第 2 / 2 页');
    expect(await stage.locator('.reveal-cell').count()).toBe(7);

    const bundle = join(host.bundleFolder, 'bundle');
    await call('writeBundle', { target: bundle });
    await expect.poll(phase).toBe('sealed');
    expect(await main()).toContain('结果已封存，证据包已在 U 盘上核验 · Results sealed, the bundle verified on the stick');
    // The evidence digest as the spec defines it, from the files on the stick: SHA256SUMS without report.pdf's line.
    const sums = readFileSync(join(bundle, 'SHA256SUMS'), 'utf8').split('\n').filter((l) => l !== '' && !l.endsWith('  report.pdf')).map((l) => `${l}\n`).join('');
    const evidenceDigest = createHash('sha256').update(sums).digest('hex');
    const shown = `证据摘要 Evidence digest${evidenceDigest.match(/.{4}/g)!.join(' ')}`;
    expect(await stage.getByTestId('evidence-digest').textContent()).toBe(shown);

    await call('closeCeremony', {});
    await expect.poll(phase).toBe('closed');
    expect(await main()).toContain('仪式已结束 · The ceremony is closed');
    expect(await stage.getByTestId('evidence-digest').textContent()).toBe(shown);

    // Never "sealed" on the stage before the bundle-written fact: not after the computation, not while the bundle was written.
    const seen = await stage.evaluate<{ phase: string; text: string }[]>('window.seen');
    expect(seen.map((s) => s.phase)).toEqual(expect.arrayContaining(['computed', 'sealed', 'closed']));
    const early = seen.filter((s) => s.phase !== 'sealed' && s.phase !== 'closed');
    expect(early.length).toBeGreaterThan(0);
    expect(early.filter((s) => /已封存|\bsealed\b/i.test(s.text))).toEqual([]);
    expect(errors).toEqual([]);
    await stage.close();
  });
});

describe('sealing after the reveal', () => {
  it('the console offers Write only once the reveal\'s last page has been on the stage; the bundle is listed with its sealing time in Beijing time', async () => {
    await computedRehearsal([
      { id: 'P', name: '个人普通', entries: simpleEntries(40), quota: 25, alternates: 2 }, // 27 rows: 2 pages
      { id: 'Q', name: '单位普通', entries: simpleEntries(5, 'Q'), quota: 1 },
    ]);
    const console_ = await open(host.consoleUrl, 1400, 1000);
    const target = join(host.bundleFolder, 'after-the-reveal');
    await console_.locator('input[name=bundle-target]').fill(target);
    const write = console_.getByRole('button', { name: '写入', exact: true });
    const note = console_.getByTestId('reveal-first');
    for (const at of [undefined, { pool: 0, page: 0 }, { pool: 0, page: 1 }]) {
      if (at) await call('revealTo', at);
      await expect.poll(() => note.count()).toBe(1);
      expect(await write.isDisabled()).toBe(true);
    }
    expect(await note.textContent()).toContain('揭晓至最后一个池的最后一页后才能写入');
    await call('revealTo', { pool: 1, page: 0 }); // the last pool's only page
    await call('revealTo', { pool: 0, page: 0 }); // and back: the audience has seen every result once
    await expect.poll(() => note.count()).toBe(0);
    await write.click();
    await console_.getByRole('button', { name: /再按一次确认/ }).click();
    await console_.getByTestId('bundle').waitFor();
    const journal = readFileSync(join(target, 'journal.jsonl'), 'utf8');
    expect(journal).toContain('"type":"reveal-progressed"');
    // The sealing time: the bundle-written fact's journal time, which the second copy's journal holds.
    await call('writeBundle', { target: join(host.bundleFolder, 'copy') });
    const sealed = readFileSync(join(host.bundleFolder, 'copy', 'journal.jsonl'), 'utf8').trimEnd().split('\n')
      .map((l) => JSON.parse(l) as { type: string; time: string }).find((r) => r.type === 'bundle-written')!;
    const beijing = new Date(Date.parse(sealed.time) + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
    await expect.poll(() => console_.getByTestId('sealed-at').first().textContent()).toContain(`封存时间 ${beijing}`);
    expect(errors).toEqual([]);
    await console_.close();
  });
});
