// The console under stage pressure (issue 15 §2, §3), in real Chromium against browser mode:
// a failure stays until the same command succeeds or the host dismisses it, and polls never
// touch it; alarms in plain words, a ball voided only by deliberate steps; real or rehearsal
// on every screen, a real draw created only after a confirmation; the step bar and the phase
// banner in step with every phase; the resume list in the UI's language; thousands separators.
// Each test has a kiosk of its own, so each starts with no ceremony open.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAME_MAX_LENGTH } from '../../draw-core/ceremony.ts';
import { launchBrowser } from '../support/browser.ts';
import { armedClick, openPage } from '../support/screens.ts';
import { NAMES } from '../support/ceremony-names.ts';
import { consoleWire } from '../support/console-wire.ts';
import { simpleEntries, tempDir, writePackage } from '../support/packages.ts';
import { startBrowserMode, type BrowserMode } from '../support/browser-mode.ts';

let browser: Browser;
const kiosks: BrowserMode[] = [];
const errors: string[] = [];
const PIN = '246810';

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const k of kiosks) await k.stop();
});

/** A kiosk of this test's own, on a fresh data folder. */
async function kiosk(): Promise<BrowserMode> {
  const k = await startBrowserMode();
  kiosks.push(k);
  return k;
}

const open = (url: string, width?: number, height?: number) => openPage(browser, url, errors, width, height);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


/** The period, the venue and the names a ceremony is created with. */
async function fillNames(page: Page): Promise<void> {
  await page.locator('input[name=period]').fill('test-1');
  await page.locator('input[name=venue]').fill(NAMES.venue);
  await page.locator('input[name=host-name]').fill(NAMES.hostName);
  await page.locator('input[name=notary-name]').fill(NAMES.notaryName);
}

/** A rehearsal without a PIN: the software confirms for the notary. */
async function createRehearsal(page: Page): Promise<void> {
  await fillNames(page);
  await page.getByRole('button', { name: '创建' }).click();
  await expect.poll(() => page.locator('input[name=package-path]').count()).toBe(1);
}

async function importAndConfirm(page: Page, pkg: string): Promise<void> {
  await page.locator('input[name=package-path]').fill(pkg);
  await page.getByRole('button', { name: '导入' }).click();
  await armedClick(page, /公证员确认摘要一致/);
  await expect.poll(() => page.getByRole('button', { name: '开始模拟' }).count()).toBe(1);
}

async function startSimulator(page: Page, faults = ''): Promise<void> {
  await page.locator('input[name=interval]').fill('50');
  await page.locator('input[name=faults]').fill(faults);
  await page.getByRole('button', { name: '开始模拟' }).click();
}

const filledSlots = (page: Page) => page.getByTestId('slots').locator('.slot.filled').count();
const smallPackage = () => writePackage([{ id: 'P', entries: simpleEntries(20), quota: 2 }], { balls: 6 });

/** The reveal turned to its last page, page by page as the host does it: the bundle follows the last page. */
async function revealToTheEnd(page: Page): Promise<void> {
  const next = page.getByRole('button', { name: '下一页' });
  const position = () => page.getByTestId('reveal-position').textContent();
  while (!(await next.isDisabled())) {
    const before = await position();
    await next.click();
    await expect.poll(position).not.toBe(before);
  }
}

/** On from a fresh console to the computed results of a simulated rehearsal, revealed to the end. */
async function computedRehearsal(page: Page): Promise<void> {
  await createRehearsal(page);
  await importAndConfirm(page, smallPackage());
  await startSimulator(page);
  await expect.poll(() => filledSlots(page), { timeout: 15_000 }).toBe(6);
  await armedClick(page, /公证员确认种子/);
  await page.getByRole('button', { name: /按规范 draw-v1 计算/ }).click();
  await expect.poll(() => page.locator('input[name=bundle-target]').count()).toBe(1);
  await revealToTheEnd(page);
}

/** Commands straight on the console's wire, for ceremonies a test only needs to exist. */
const wire = (k: BrowserMode) => consoleWire(k.consoleUrl);

describe('errors that stay', () => {
  it('a failed bundle write stays through the drive polls until dismissed; the same command succeeding clears it', async () => {
    const k = await kiosk();
    const page = await open(k.consoleUrl);
    await computedRehearsal(page);
    // Nowhere the bundle may go: neither a listed drive nor the folder given to browser mode.
    await page.locator('input[name=bundle-target]').fill(join(tempDir(), 'elsewhere', 'bundle'));
    await armedClick(page, /^写入$/);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.count()).toBe(1);
    const said = (await alert.textContent())!;
    // The console lists drives every 3 s while the seal panel is open: more than two polls later, it is still there.
    await sleep(7000);
    expect(await alert.count()).toBe(1);
    expect(await alert.textContent()).toBe(said);
    // What happened and what to do next, Chinese first, then English; the command and the failure's kind small.
    expect(said).toMatch(/可移动磁盘|U 盘/);
    expect(said.search(/[\u4e00-\u9fff]/)).toBeLessThan(said.search(/stick|removable drive/));
    expect(await alert.locator('.code').textContent()).toMatch(/writeBundle · (stick-missing|bundle-target)/);
    // The same command succeeding resolves it.
    await page.locator('input[name=bundle-target]').fill(join(k.bundleFolder, 'bundle-stays'));
    await armedClick(page, /^写入$/);
    await expect.poll(() => page.getByTestId('bundle').count(), { timeout: 30_000 }).toBe(1);
    expect(await alert.count()).toBe(0);
    // Another failure: dismissed by the host.
    await page.locator('input[name=bundle-target]').fill(join(k.bundleFolder, 'bundle-stays'));
    await armedClick(page, /^写入$/);
    await expect.poll(() => alert.textContent()).toMatch(/目标已存在/);
    await alert.getByRole('button', { name: /Dismiss/ }).click();
    expect(await alert.count()).toBe(0);
    // One left standing stays through the close of its ceremony, and goes once another is opened, where it does not apply.
    await armedClick(page, /^写入$/);
    await expect.poll(() => alert.count()).toBe(1);
    await armedClick(page, /公证员确认结束/);
    await expect.poll(() => page.locator('main').getAttribute('data-phase')).toBe('closed');
    expect(await alert.count()).toBe(1);
    await createRehearsal(page);
    expect(await alert.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a poll that fails never raises the banner; the same listing asked for by the host does', async () => {
    // A kiosk where removable drives cannot be listed at all (no lsblk on its PATH).
    const path = process.env.PATH;
    process.env.PATH = tempDir('empty-path-');
    const blind = await kiosk().finally(() => (process.env.PATH = path));
    const page = await open(blind.consoleUrl);
    await computedRehearsal(page);
    await sleep(7000);
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByRole('button', { name: '查找 U 盘' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/无法列出 U 盘.*cannot list the removable drives/s);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('alarms', () => {
  it('a conflicting ball: plain words, the choices explained, the raw sentence beneath; a single press voids nothing', async () => {
    const page = await open((await kiosk()).consoleUrl);
    await createRehearsal(page);
    await importAndConfirm(page, smallPackage());
    await startSimulator(page, 'conflict');
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(1);
    // The simulator's conflict is on the middle ball, 3 of 6: recorded, then reported with the next digit.
    const recorded = (await page.getByTestId('slots').locator('.slot').nth(2).textContent())!;
    const reported = String((Number(recorded) + 1) % 10);
    const said = (await page.getByTestId('alarm').textContent())!;
    expect(said).toContain('第 3 个球');
    expect(said).toContain(`记录为 ${recorded}`);
    expect(said).toContain(`报告为 ${reported}`);
    expect(said).not.toContain('$BALL');
    expect(await page.getByTestId('alarm-raw').textContent()).toMatch(new RegExp(`\\$BALL,3,${reported}\\*[0-9A-F]{2}`));
    // Each choice says what it does: for a conflict, both void ball 3.
    const machineNext = page.getByTestId('choice-machine-next');
    const manual = page.getByTestId('choice-manual');
    expect(await machineNext.textContent()).toMatch(/作废第 3 个球.*摇号机的下一个读数/);
    expect(await manual.textContent()).toMatch(/作废第 3 个球.*人工双录入/);

    // One press chooses; nothing is sent.
    await machineNext.getByRole('button').click();
    await sleep(1500);
    expect(await dialog.count()).toBe(1);
    expect(await filledSlots(page)).toBe(3);
    // The deliberate confirmation: the button that names the void, pressed, then pressed again.
    await armedClick(page, /作废第 3 个球并取摇号机下一读数/);
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await filledSlots(page)).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a skipped ball: said in plain words, nothing voided by either choice', async () => {
    const page = await open((await kiosk()).consoleUrl);
    await createRehearsal(page);
    await importAndConfirm(page, smallPackage());
    await startSimulator(page, 'skip');
    await expect.poll(() => page.getByRole('alertdialog').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('alarm').textContent()).toMatch(/等待第 3 个球时.*报告了第 4 个球/);
    expect(await page.getByTestId('choice-machine-next').textContent()).toMatch(/不作废任何球/);
    expect(await page.getByTestId('choice-manual').textContent()).toMatch(/不作废任何球/);
    await page.getByTestId('choice-manual').getByRole('button').click();
    await armedClick(page, /第 3 个球改为人工录入/);
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    expect(await filledSlots(page)).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('voiding the last ball by hand takes the reason and the armed press', async () => {
    const page = await open((await kiosk()).consoleUrl);
    await createRehearsal(page);
    await importAndConfirm(page, smallPackage());
    await startSimulator(page);
    await expect.poll(() => filledSlots(page), { timeout: 15_000 }).toBe(6);
    await page.getByRole('button', { name: '作废最后一球…' }).click();
    const confirm = page.getByRole('button', { name: /^作废第 6 个球$/ });
    expect(await confirm.isDisabled()).toBe(true);
    await page.locator('input[name=void-reason]').fill('球卡住后重摇 / the ball jammed');
    await confirm.click();
    await sleep(1000);
    expect(await filledSlots(page)).toBe(6);
    await page.getByRole('button', { name: /再按一次确认/ }).click();
    await expect.poll(() => filledSlots(page)).toBe(5);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('always know where you are', () => {
  /** The current step, the band, and what the phase banner says the phase is and what comes next. */
  const where = async (page: Page) => ({
    step: await page.locator('.stepper li[aria-current=step]').textContent({ timeout: 1000 }).catch(() => null),
    band: await page.getByTestId('kind-band').textContent(),
    now: await page.getByTestId('phase-now').textContent(),
    next: await page.getByTestId('phase-next').textContent(),
  });
  const focusedName = (page: Page) => page.locator(':focus').getAttribute('name');

  it('the step bar, the band and the phase banner follow every phase; Alt+N goes to the next step', async () => {
    const k = await kiosk();
    const stage = await open(k.stageUrl, 1920, 1080);
    const stagePhase = () => stage.locator('.stage-frame').getAttribute('data-phase');
    const page = await open(k.consoleUrl);
    const at = async (phase: string, step: string | null, name: string, next: RegExp) => {
      if (phase !== 'new') await expect.poll(stagePhase, { timeout: 30_000 }).toBe(phase);
      await expect.poll(() => page.locator('main').getAttribute('data-phase')).toBe(phase);
      const w = await where(page);
      expect(w.step, phase).toBe(step);
      expect(w.band, phase).toBe(phase === 'new' ? '未打开仪式 · No ceremony open' : '演练 · REHEARSAL');
      expect(w.now, phase).toMatch(new RegExp(`^当前：${name} — `));
      expect(w.next, phase).toMatch(next);
      expect(w.next, phase).toMatch(/Alt\+N/);
    };

    await at('new', '1. 创建仪式', '未创建', /创建仪式/);
    await page.keyboard.press('Alt+N');
    expect(await focusedName(page)).toBe('period');
    await createRehearsal(page);
    await at('created', '2. 导入数据包', '已创建', /导入.*数据包/);
    // Elapsed time in the phase, ticking, and when it began in Beijing time.
    const elapsed = page.getByTestId('phase-elapsed');
    const before = await elapsed.textContent();
    expect(before).toMatch(/\d+:\d\d/);
    expect(before).toMatch(/北京时间 UTC\+8/);
    await expect.poll(() => elapsed.textContent(), { timeout: 5000 }).not.toBe(before);
    await page.keyboard.press('Alt+N');
    expect(await focusedName(page)).toBe('package-path');

    await page.locator('input[name=package-path]').fill(smallPackage());
    await page.getByRole('button', { name: '导入' }).click();
    await at('imported', '3. 核对封存摘要', '已导入', /公证员.*封存摘要/);
    // Counted again from this phase's start, a second or more after the last one's.
    const since = (text: string | null) => text?.split('始于')[1];
    expect(since(await elapsed.textContent())).not.toBe(since(before));
    await page.keyboard.press('Alt+N');
    expect(await focusedName(page)).toBe('pin');
    // Alt+N only goes there: the notary's confirmation is still the armed press.
    await page.keyboard.press('Enter');
    await sleep(1000);
    expect(await stagePhase()).toBe('imported');
    await armedClick(page, /公证员确认摘要一致/);
    await at('seeding', '4. 摇号', '摇号中', /摇号机/);
    await startSimulator(page);
    await expect.poll(() => filledSlots(page), { timeout: 15_000 }).toBe(6);
    await at('seed-complete', '5. 确认种子', '球已摇齐', /确认种子/);
    await armedClick(page, /公证员确认种子/);
    await at('seed-confirmed', '6. 计算结果', '种子已确认', /计算结果/);
    await page.getByRole('button', { name: /按规范 draw-v1 计算/ }).click();
    await at('computed', '7. 揭晓与封存', '结果已计算', /证据包/);
    await page.keyboard.press('Alt+N');
    expect(await focusedName(page)).toBe('bundle-target');
    await revealToTheEnd(page);
    await page.locator('input[name=bundle-target]').fill(join(k.bundleFolder, 'bundle-steps'));
    await armedClick(page, /^写入$/);
    await at('sealed', '8. 结束仪式', '已封存', /结束仪式/);
    await armedClick(page, /公证员确认结束/);
    await at('closed', null, '已结束', /创建新仪式/);
    expect(await page.locator('.stepper li.done').count()).toBe(8);

    await createRehearsal(page);
    await page.getByRole('button', { name: '中止仪式…' }).click();
    await page.locator('input[name=abort-reason]').fill('演练结束 / rehearsal over');
    await armedClick(page, /^中止$/);
    await at('aborted', null, '已中止', /创建新仪式/);
    // Aborted once created: the step reached, and the one it was aborted at.
    expect(await page.locator('.stepper li.done').allTextContents()).toEqual(['1. 创建仪式']);
    expect(await page.locator('.stepper li.aborted').textContent()).toBe('2. 导入数据包 · 已中止');
    expect(errors).toEqual([]);
    await page.close();
    await stage.close();
  });

  it('a real draw: venue, host and notary named; created only after the period is typed again and the armed press; REAL DRAW on every screen', async () => {
    const page = await open((await kiosk()).consoleUrl);
    await page.locator('input[name=rehearsal]').uncheck();
    await fillNames(page);
    // The form takes a name as long as the service does, and no longer.
    const long = '公'.repeat(NAME_MAX_LENGTH + 50);
    await page.locator('input[name=venue]').fill(long);
    expect(await page.locator('input[name=venue]').inputValue()).toBe(long.slice(0, NAME_MAX_LENGTH));
    await page.locator('input[name=pin]').nth(0).fill(PIN);
    await page.locator('input[name=pin]').nth(1).fill(PIN);
    const create = page.getByRole('button', { name: /创建正式摇号/ });
    expect(await create.isDisabled()).toBe(true);
    await page.locator('input[name=period-again]').fill('test-2');
    expect(await create.isDisabled()).toBe(true);
    await page.locator('input[name=period-again]').fill('test-1');
    await create.click();
    // Armed, it says what it creates; nothing is created yet.
    const armed = page.getByRole('button', { name: /再按一次确认/ });
    expect(await armed.textContent()).toMatch(/正式摇号/);
    await sleep(1000);
    expect(await page.locator('input[name=package-path]').count()).toBe(0);
    await armed.click();
    await expect.poll(() => page.locator('input[name=package-path]').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('kind-band').textContent()).toBe('正式摇号 · REAL DRAW');
    expect(await page.locator('main').getAttribute('data-kind')).toBe('real');
    await page.getByRole('button', { name: 'language' }).click();
    expect(await page.getByTestId('kind-band').textContent()).toBe('正式摇号 · REAL DRAW');
    await page.getByRole('button', { name: 'language' }).click();
    // Ended, it is still the real draw that ended.
    await page.getByRole('button', { name: '中止仪式…' }).click();
    await page.locator('input[name=abort-reason]').fill('测试 / test');
    await page.locator('input[name=pin]').last().fill(PIN);
    await armedClick(page, /^中止$/);
    // The PIN is checked by a deliberately slow key derivation.
    await expect.poll(() => page.locator('main').getAttribute('data-phase'), { timeout: 30_000 }).toBe('aborted');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByTestId('kind-band').textContent()).toBe('正式摇号 · REAL DRAW');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the resume list in the UI language: ended ceremonies to view, unfinished ones to continue; numbers with separators', async () => {
    const k = await kiosk();
    const page = await open(k.consoleUrl);
    // 12,345 entries, the first 1,000 of them with 3 tickets each: 14,345 tickets.
    const entries = simpleEntries(12_345).map(([code], i): [string, number] => [code, i < 1_000 ? 3 : 1]);
    const big = writePackage([{ id: 'P', entries, quota: 1_200, alternates: 1_000 }], { balls: 6 });
    await createRehearsal(page);
    await page.locator('input[name=package-path]').fill(big);
    await page.getByRole('button', { name: '导入' }).click();
    const cells = page.locator('table.pools tbody td');
    await expect.poll(() => cells.count()).toBe(5);
    expect(await cells.allTextContents()).toEqual(['P', '12,345', '14,345', '1,200', '1,000']);

    // This one left unfinished, a closed one and an aborted one after it.
    const w = await wire(k);
    const rehearsal = { period: 'test-1', kind: 'quota-allocation', rehearsal: true, ...NAMES };
    await w.call('createCeremony', rehearsal);
    await w.call('importPackage', { path: smallPackage() });
    await w.call('confirmSealDigest', {});
    for (const d of '048213') await w.call('enterManualBall', { hostDigit: d, notaryDigit: d });
    await w.call('confirmSeed', {});
    await w.call('computeResults', {});
    await w.call('revealTo', { pool: 0, page: 0 }); // its one page: the bundle follows the reveal's last page
    await w.call('writeBundle', { target: join(k.bundleFolder, 'closed') });
    await w.call('closeCeremony', {});
    await w.call('createCeremony', rehearsal);
    await w.call('abortCeremony', { reason: '换一个 / another' });
    await w.close();

    const rows = page.getByTestId('ceremony-row');
    await expect.poll(() => rows.count()).toBe(3);
    const [aborted, closed, unfinished] = await rows.all();
    expect(await aborted!.textContent()).toMatch(/^test-1 · 已中止 · 演练/);
    expect(await closed!.textContent()).toMatch(/^test-1 · 测试 Test · 已结束 · 演练/);
    expect(await unfinished!.textContent()).toMatch(/^test-1 · 测试 Test · 已导入 · 演练/);
    for (const row of [aborted!, closed!]) {
      expect(await row.getByRole('button', { name: '查看' }).count()).toBe(1);
      expect(await row.getByRole('button', { name: '继续' }).count()).toBe(0);
    }
    expect(await unfinished!.getByRole('button', { name: '继续' }).count()).toBe(1);
    expect(await unfinished!.getByRole('button', { name: '查看' }).count()).toBe(0);
    // In English, all in English.
    await page.getByRole('button', { name: 'language' }).click();
    expect(await rows.allTextContents()).toEqual([
      expect.stringMatching(/^test-1 · Aborted · rehearsal/),
      expect.stringMatching(/^test-1 · 测试 Test · Closed · rehearsal/),
      expect.stringMatching(/^test-1 · 测试 Test · Package imported · rehearsal/),
    ]);
    expect(await closed!.getByRole('button', { name: 'View' }).count()).toBe(1);
    expect(await unfinished!.getByRole('button', { name: 'Continue' }).count()).toBe(1);
    await page.getByRole('button', { name: 'language' }).click();
    // Viewing the closed one opens it as it ended; continuing the unfinished one goes on where it stood.
    await closed!.getByRole('button', { name: '查看' }).click();
    await expect.poll(() => page.locator('main').getAttribute('data-phase')).toBe('closed');
    await page.getByTestId('ceremony-row').nth(2).getByRole('button', { name: '继续' }).click();
    await expect.poll(() => page.locator('main').getAttribute('data-phase')).toBe('imported');
    expect(await cells.allTextContents()).toEqual(['P', '12,345', '14,345', '1,200', '1,000']);
    expect(errors).toEqual([]);
    await page.close();
  });
});
