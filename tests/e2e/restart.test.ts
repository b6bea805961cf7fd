// A whole real ceremony (the notary's PIN, balls entered by host and notary) through the
// console in real Chromium, the stage open beside it, the service killed with SIGKILL at three
// phases and started again each time on the same data folder (its port and tokens): both pages
// come back by themselves, without a reload, showing the phase the ceremony is in; the notary
// unlocks it in the console's prompt and the host goes on, to the bundle verified and the close.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { draw } from '../support/cli.ts';
import { launchBrowser } from '../support/browser.ts';
import { startBrowserMode, type BrowserMode } from '../support/browser-mode.ts';
import { simpleEntries, writePackage } from '../support/packages.ts';

let browser: Browser;
const kiosks: BrowserMode[] = [];
const errors: string[] = [];
const PIN = '246810';
const SEED = '530917';
/** Every PIN is checked with scrypt, and the machine is shared: a step may take seconds to show. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000 });

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const k of kiosks) await k.stop();
});

async function open(url: string, width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  // Failed reconnection attempts are logged by Chromium itself; only the page's own errors count.
  page.on('pageerror', (e) => errors.push(`${url}: ${e.message}`));
  await page.goto(url);
  // A mark a reload would wipe: the same document must come back after every restart.
  await page.evaluate('window.sameDocument = true');
  return page;
}

/** An irreversible button: pressed, then pressed again to confirm. */
async function armedClick(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('button', { name }).click();
  await page.getByRole('button', { name: /再按一次确认/ }).click();
}

/** One ball by the manual dual entry: the host types it, hands over, the notary types it with the PIN. */
async function manualBall(page: Page, digit: string): Promise<void> {
  const filled = await page.getByTestId('slots').locator('.slot.filled').count();
  await page.getByRole('button', { name: '人工录入' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('input[name=host-digit]').fill(digit);
  await dialog.getByRole('button', { name: '交给公证员' }).click();
  await dialog.locator('input[name=notary-digit]').fill(digit);
  await dialog.locator('input[name=pin]').fill(PIN);
  await dialog.getByRole('button', { name: '提交' }).click();
  await poll(() => page.getByTestId('slots').locator('.slot.filled').count()).toBe(filled + 1);
}

it('a real draw with the service killed after the import, mid-draw and during the reveal: both pages recover without a reload, the notary unlocks, the host goes on', async () => {
  const pkg = writePackage([
    { id: 'personal', name: '个人普通', entries: simpleEntries(45), quota: 30, alternates: 5 },
    { id: 'company', name: '单位普通', entries: simpleEntries(12, 'C'), quota: 3 },
  ], { balls: SEED.length });
  let kiosk = await startBrowserMode();
  kiosks.push(kiosk);
  const { consoleUrl, stageUrl, dataDir } = kiosk;
  const console_ = await open(consoleUrl, 1400, 1000);
  const stage = await open(stageUrl, 1920, 1080);
  const stagePhase = () => stage.locator('.stage-frame').getAttribute('data-phase');
  const prompt = console_.getByTestId('locked-ceremony');

  /** kill -9, then the service started again on the same data folder: same port, same tokens. */
  const crashAndRestart = async () => {
    await kiosk.kill();
    await poll(() => console_.getByTestId('connection').count()).toBe(1);
    await poll(() => stage.getByTestId('connection').count()).toBe(1);
    kiosk = await startBrowserMode(dataDir);
    kiosks.push(kiosk);
    expect([kiosk.consoleUrl, kiosk.stageUrl]).toEqual([consoleUrl, stageUrl]);
  };

  /** Both pages are back by themselves, the same documents, the ceremony shown locked in its phase. */
  const recovered = async (phase: string, step: RegExp) => {
    await poll(() => console_.getByTestId('connection').count()).toBe(0);
    await poll(() => stage.getByTestId('connection').count()).toBe(0);
    await poll(stagePhase).toBe(phase);
    await poll(() => prompt.count()).toBe(1);
    const words = await prompt.textContent();
    expect(words).toMatch(/重启后.*PIN.*restart.*PIN/s);
    expect(words).toMatch(step);
    for (const page of [console_, stage]) expect(await page.evaluate('window.sameDocument')).toBe(true);
  };

  /** The notary's PIN in the prompt: a wrong one is refused and it stays locked; the right one unlocks. */
  const unlock = async () => {
    await prompt.locator('input[name=pin]').fill('000000');
    await prompt.getByRole('button', { name: /继续/ }).click();
    const refused = console_.getByRole('alert').filter({ hasText: '公证员 PIN 不正确' });
    await poll(() => refused.textContent()).toMatch(/公证员 PIN 不正确.*the notary PIN is wrong/s);
    await refused.getByRole('button').click();
    expect(await prompt.count()).toBe(1);
    await prompt.locator('input[name=pin]').fill(PIN);
    await prompt.getByRole('button', { name: /继续/ }).click();
    await poll(() => prompt.count()).toBe(0);
  };

  // A real draw: not a rehearsal, the notary sets the PIN.
  await console_.locator('input[name=period]').fill('test-1');
  await console_.locator('input[name=rehearsal]').uncheck();
  await console_.locator('input[name=venue]').fill('海口市公证处第一会议室');
  await console_.locator('input[name=host-name]').fill('王主持');
  await console_.locator('input[name=notary-name]').fill('李公证');
  await console_.locator('input[name=pin]').nth(0).fill(PIN);
  await console_.locator('input[name=pin]').nth(1).fill(PIN);
  await console_.locator('input[name=period-again]').fill('test-1');
  await armedClick(console_, /创建正式摇号/);
  await poll(stagePhase).toBe('created');
  expect(await stage.getByTestId('watermark').count()).toBe(0);
  await console_.locator('input[name=package-path]').fill(pkg);
  await console_.getByRole('button', { name: '导入' }).click();
  await poll(stagePhase).toBe('imported');

  // 1. Killed after the import: the stage shows the pools and the seal digest again, not the welcome screen.
  await crashAndRestart();
  await recovered('imported', /已导入.*Package imported/s);
  const digest = createHash('sha256').update(readFileSync(join(pkg, 'manifest.json'))).digest('hex');
  expect(await stage.locator('.stage-digest').textContent()).toContain(digest.slice(0, 4));
  expect(await console_.getByTestId('seal-digest').textContent()).toBe(digest.match(/.{4}/g)!.join(''));
  await unlock();
  await console_.locator('input[name=pin]').fill(PIN);
  await armedClick(console_, /公证员确认摘要一致/);
  await poll(stagePhase).toBe('seeding');
  for (const d of SEED.slice(0, 3)) await manualBall(console_, d);
  await poll(() => stage.getByTestId('seed-slots').locator('.ball').count()).toBe(3);

  // 2. Killed mid-draw, three balls in: both screens show them again.
  await crashAndRestart();
  await recovered('seeding', /摇号中.*Drawing the balls/s);
  await poll(() => stage.getByTestId('seed-slots').locator('.ball').allTextContents()).toEqual([...SEED.slice(0, 3)]);
  expect(await console_.getByTestId('slots').locator('.slot.filled').allTextContents()).toEqual([...SEED.slice(0, 3)]);
  await unlock();
  for (const d of SEED.slice(3)) await manualBall(console_, d);
  expect(await console_.getByTestId('seed').textContent()).toBe(SEED);
  await console_.locator('input[name=pin]').last().fill(PIN);
  await armedClick(console_, /公证员确认种子/);
  await poll(stagePhase).toBe('seed-confirmed');
  await console_.getByRole('button', { name: /按规范 draw-v1 计算/ }).click();
  await poll(stagePhase).toBe('computed');
  // Each page turned once the one before is up, as the host sees it.
  await console_.getByRole('button', { name: '下一页' }).click();
  await poll(() => console_.getByTestId('reveal-position').textContent()).toMatch(/个人普通 · 第1 页 \/ 2/);
  await console_.getByRole('button', { name: '下一页' }).click();
  await poll(() => console_.getByTestId('reveal-position').textContent()).toMatch(/个人普通 · 第2 页 \/ 2/);
  await poll(() => stage.locator('.reveal-cell').count()).toBe(15);

  // 3. Killed during the reveal: the stage keeps the page it showed; a stage page opened while it is
  // locked (OBS's source after a reboot) shows the summary, then the same page once unlocked.
  await crashAndRestart();
  await recovered('computed', /结果已计算.*Results computed/s);
  expect(await console_.getByTestId('reveal-position').textContent()).toMatch(/个人普通 · 第2 页 \/ 2/);
  expect(await stage.locator('.reveal-cell').count()).toBe(15);
  const opened = await open(stageUrl, 1920, 1080);
  await poll(() => opened.locator('.stage-frame').getAttribute('data-phase')).toBe('computed');
  expect(await opened.getByTestId('reveal-page').count()).toBe(0);
  await unlock();
  await poll(() => opened.getByTestId('reveal-page').textContent()).toMatch(/第 2 \/ 2 页/);
  expect(await opened.locator('.reveal-cell').count()).toBe(15);
  expect(await stage.getByTestId('reveal-page').textContent()).toMatch(/第 2 \/ 2 页/);
  await console_.getByRole('button', { name: '下一页' }).click();
  await poll(() => console_.getByTestId('reveal-position').textContent()).toMatch(/单位普通 · 第1 页 \/ 1/);
  await poll(() => stage.locator('.reveal-cell').count()).toBe(3);

  // Sealed to the folder this kiosk was started with (--bundle-folder), closed by the notary.
  const bundle = join(kiosk.bundleFolder, 'bundle');
  await console_.locator('input[name=bundle-target]').fill(bundle);
  await armedClick(console_, /^写入$/);
  await poll(stagePhase).toBe('sealed');
  await console_.locator('input[name=pin]').fill(PIN);
  await armedClick(console_, /公证员确认结束/);
  await poll(stagePhase).toBe('closed');
  expect(draw('verify', bundle).stdout).toMatch(/(^|\n)verified\n$/);
  expect(readFileSync(join(bundle, 'results', 'results.json'), 'utf8')).toContain(`"balls": "${SEED}"`);
  expect(errors).toEqual([]);
}, 180_000);
