// The console as a host and a notary use it in a real ceremony, in real Chromium against browser
// mode: a ceremony locked after a restart shows the notary's prompt above everything and takes
// no step until it is unlocked; the notary's confirmations wait for the PIN in a real draw.
// Each test has a kiosk of its own.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OBSWebSocket } from 'obs-websocket-js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { NAMES } from '../support/ceremony-names.ts';
import { realObs, type RealObs } from '../support/obs.ts';
import { PtyPair } from '../support/pty-pair.ts';
import { formatSentence } from '../../hardware/ball-machine/protocol.ts';
import { consoleWire } from '../support/console-wire.ts';
import { simpleEntries, writePackage } from '../support/packages.ts';
import { armedClick } from '../support/screens.ts';
import { startBrowserMode, type BrowserMode } from '../support/browser-mode.ts';

let browser: Browser;
const kiosks: BrowserMode[] = [];
const errors: string[] = [];
const PIN = '246810';
/** Every PIN is checked with scrypt, and the machine is shared: a step may take seconds to show. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000 });

beforeAll(async () => {
  browser = await launchBrowser();
});
const stops: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  await browser?.close();
  for (const k of kiosks) await k.stop();
  for (const stop of stops) await stop();
});

async function kiosk(dataDir?: string): Promise<BrowserMode> {
  const k = await startBrowserMode(dataDir);
  kiosks.push(k);
  return k;
}

/**
 * A console page. Only the page's own errors count: Chromium logs each failed attempt to
 * reconnect while the service is down as an error of its own.
 */
async function open(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => errors.push(`${url}: ${e.message}`));
  await page.goto(url);
  return page;
}

const wire = (k: BrowserMode) => consoleWire(k.consoleUrl);

const smallPackage = () => writePackage([{ id: 'P', entries: simpleEntries(20), quota: 2 }], { balls: 6 });

/** A rehearsal the software confirms; one with the notary's PIN (it reopens locked after a restart, and the simulator may give its balls); a real draw. */
const REHEARSAL = { period: 'test-1', kind: 'quota-allocation', rehearsal: true, ...NAMES };
const REHEARSAL_WITH_PIN = { ...REHEARSAL, notaryPin: PIN };
const REAL_DRAW = { ...REHEARSAL_WITH_PIN, rehearsal: false };

/** A kiosk of the test's own with `ceremony` created and `pkg` imported; the wire stays open for the steps that follow. */
async function imported(ceremony: object, pkg = smallPackage()) {
  const k = await kiosk();
  const w = await wire(k);
  await w.call('createCeremony', ceremony);
  await w.call('importPackage', { path: pkg });
  return { k, w };
}

/** kill -9 with `page` open, then the service started again on the same data folder; resolves once the page shows it locked. */
async function crashAndRestart(k: BrowserMode, page: Page): Promise<BrowserMode> {
  await k.kill();
  await poll(() => page.getByTestId('connection').count()).toBe(1);
  const again = await kiosk(k.dataDir);
  await poll(() => page.getByTestId('connection').count()).toBe(0);
  await poll(() => page.getByTestId('locked-ceremony').count()).toBe(1);
  return again;
}

describe('a ceremony locked after a restart', () => {
  it('with an alarm open: the unlock prompt is not covered; the notary types the PIN, and the alarm is back to be decided', async () => {
    const { k, w } = await imported(REHEARSAL_WITH_PIN);
    await w.call('confirmSealDigest', { pin: PIN });
    await w.call('useVirtualMachine', { intervalMs: 50, faults: ['conflict'] });
    await poll(() => w.view()?.ceremony?.state.alarm !== undefined).toBe(true);
    await w.close();
    const page = await open(k.consoleUrl);
    const alarm = page.getByRole('alertdialog');
    await poll(() => alarm.count()).toBe(1);

    await crashAndRestart(k, page);
    // Locked, the alarm cannot be decided: said in its place, no dialog over the page.
    expect(await alarm.count()).toBe(0);
    expect(await page.getByTestId('alarm-waiting').textContent()).toMatch(/警报.*解锁/);
    // As the notary does it: a click into the field, the PIN typed, a click on Continue. A click
    // fails when anything else lies over its target.
    const prompt = page.getByTestId('locked-ceremony');
    await prompt.locator('input[name=pin]').click({ timeout: 5000 });
    await page.keyboard.type(PIN);
    await prompt.getByRole('button', { name: /继续/ }).click({ timeout: 5000 });
    await poll(() => prompt.count()).toBe(0);
    // Unlocked, the alarm is the host's to decide, the notary's to confirm.
    await poll(() => alarm.count()).toBe(1);
    await alarm.getByTestId('choice-manual').getByRole('button').click();
    await alarm.locator('input[name=pin]').fill(PIN);
    await armedClick(page, /作废第 3.*改为人工录入/);
    await poll(() => alarm.count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('takes no step until unlocked: every control of the phase is disabled, the banner and Alt+N go to the PIN, a "locked" failure goes once unlocked', async () => {
    const { k, w } = await imported(REHEARSAL_WITH_PIN);
    await w.close();
    const page = await open(k.consoleUrl);
    const confirm = page.getByRole('button', { name: /公证员确认摘要一致/ });
    await poll(() => confirm.count()).toBe(1);

    await crashAndRestart(k, page);
    const prompt = page.getByTestId('locked-ceremony');
    // Nothing of the phase can be pressed or typed into: the confirmation, its PIN, the abort.
    expect.soft(await confirm.isDisabled()).toBe(true);
    expect.soft(await page.locator('[data-confirm=seal-digest] input[name=pin]').isDisabled()).toBe(true);
    expect.soft(await page.getByRole('button', { name: '中止仪式…' }).isDisabled()).toBe(true);
    // What comes next is the notary's PIN, and Alt+N goes there.
    expect.soft(await page.getByTestId('phase-next').textContent()).toMatch(/公证员.*PIN.*继续/);
    await page.keyboard.press('Alt+N');
    expect.soft(await page.locator(':focus').evaluate((el) => el.closest('[data-testid=locked-ceremony]') !== null && el.getAttribute('name') === 'pin')).toBe(true);

    // A press that reached the service before the page knew it was locked (here: the page's lock
    // on the controls lifted by hand) is answered "locked"; once unlocked, that no longer holds.
    await page.evaluate("document.querySelectorAll('fieldset[disabled]').forEach((f) => f.removeAttribute('disabled'))");
    await armedClick(page, /公证员确认摘要一致/);
    const locked = page.getByRole('alert').filter({ hasText: '锁定' });
    await poll(() => locked.count()).toBe(1);
    await prompt.locator('input[name=pin]').fill(PIN);
    await prompt.getByRole('button', { name: /继续/ }).click();
    await poll(() => prompt.count()).toBe(0);
    expect(await locked.count()).toBe(0);
    expect(await confirm.isDisabled()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("the notary's confirmations in a real draw", () => {
  it('none can be pressed before the PIN is typed; a manual entry refused keeps its dialog and both entries', async () => {
    const { k, w } = await imported(REAL_DRAW);
    await w.close();
    const page = await open(k.consoleUrl);

    // The seal digest (the seed's and the close's confirmations are the same part).
    const digest = page.getByRole('button', { name: /公证员确认摘要一致/ });
    await poll(() => digest.count()).toBe(1);
    expect(await digest.isDisabled()).toBe(true);
    await page.locator('[data-confirm=seal-digest] input[name=pin]').fill(PIN);
    expect(await digest.isDisabled()).toBe(false);
    await armedClick(page, /公证员确认摘要一致/);
    await poll(() => page.locator('main').getAttribute('data-phase')).toBe('seeding');

    // The abort: a reason is not enough.
    await page.getByRole('button', { name: '中止仪式…' }).click();
    await page.locator('input[name=abort-reason]').fill('测试 / test');
    const abort = page.getByRole('button', { name: /^中止$/ });
    expect(await abort.isDisabled()).toBe(true);
    await page.locator('input[name=abort-reason]').locator('xpath=ancestor::section').locator('input[name=pin]').fill(PIN);
    expect(await abort.isDisabled()).toBe(false);
    await page.getByRole('button', { name: '取消' }).click();

    // A ball by hand: the notary's submission waits for the PIN; entries that differ are refused,
    // and the dialog stays with both, for the notary to look again.
    await page.getByRole('button', { name: '人工录入' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name=host-digit]').fill('4');
    await dialog.getByRole('button', { name: '交给公证员' }).click();
    await dialog.locator('input[name=notary-digit]').fill('5');
    const submit = dialog.getByRole('button', { name: '提交' });
    expect(await submit.isDisabled()).toBe(true);
    await dialog.locator('input[name=pin]').fill(PIN);
    await submit.click();
    await poll(() => page.getByRole('alert').textContent()).toMatch(/主持人录入 4，公证员录入 5/);
    expect(await dialog.count()).toBe(1);
    expect(await dialog.locator('input[name=notary-digit]').inputValue()).toBe('5');
    // Whoever typed it wrong corrects it: the host's entry is there too, and the notary's after it.
    await dialog.getByRole('button', { name: '交回主持人改正' }).click();
    expect(await dialog.locator('input[name=host-digit]').inputValue()).toBe('4');
    await dialog.getByRole('button', { name: '交给公证员' }).click();
    expect(await dialog.locator('input[name=notary-digit]').inputValue()).toBe('5');
    await dialog.locator('input[name=notary-digit]').fill('4');
    await submit.click();
    await poll(() => page.getByTestId('slots').locator('.slot.filled').allTextContents()).toEqual(['4']);
    await poll(() => dialog.count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);

    // Voiding it: a reason is not enough.
    await page.getByRole('button', { name: '作废最后一球…' }).click();
    await page.locator('input[name=void-reason]').fill('球卡住 / jammed');
    const voidIt = page.getByRole('button', { name: /^作废第 1 个球$/ });
    expect(await voidIt.isDisabled()).toBe(true);
    await page.locator('.void-last input[name=pin]').fill(PIN);
    expect(await voidIt.isDisabled()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('another package, until the first ball', () => {
  it('the seal digest does not match the paper record: the right package is imported in its place, up to the first ball', async () => {
    const { k, w } = await imported(REHEARSAL);
    const page = await open(k.consoleUrl);
    const digestShown = page.getByTestId('seal-digest');
    const importPath = page.locator('input[name=package-path]');
    await poll(() => digestShown.count()).toBe(1);
    const first = await digestShown.textContent();

    // The package the paper record names: another one, of the same period.
    const right = writePackage([{ id: 'P', entries: simpleEntries(30), quota: 3 }], { balls: 6 });
    const rightDigest = createHash('sha256').update(readFileSync(join(right, 'manifest.json'))).digest('hex');
    expect(await importPath.count()).toBe(1);
    await importPath.fill(right);
    await page.getByRole('button', { name: '导入' }).click();
    await poll(() => digestShown.textContent()).toBe(rightDigest);
    expect(rightDigest).not.toBe(first);
    expect(await page.getByRole('alert').count()).toBe(0);

    // Confirmed, the draw may begin: until its first ball, another package may still replace it.
    await armedClick(page, /公证员确认摘要一致/);
    await poll(() => page.locator('main').getAttribute('data-phase')).toBe('seeding');
    expect(await importPath.count()).toBe(1);
    await w.call('enterManualBall', { hostDigit: '7', notaryDigit: '7' });
    await poll(() => importPath.count()).toBe(0);
    await w.close();
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the reveal keys', () => {
  it('→ turns one page, not while a list has the focus (it is the list\'s key then), and once however long it is held', async () => {
    const { k, w } = await imported(REHEARSAL, writePackage([
      { id: 'A', entries: simpleEntries(100), quota: 40, alternates: 20 },
      { id: 'B', entries: simpleEntries(30, 'B'), quota: 5 },
    ], { balls: 6 }));
    await w.call('confirmSealDigest', {});
    for (const d of '048213') await w.call('enterManualBall', { hostDigit: d, notaryDigit: d });
    await w.call('confirmSeed', {});
    await w.call('computeResults', {});
    const page = await open(k.consoleUrl);
    const position = page.getByTestId('reveal-position');
    await poll(() => position.textContent()).toBe('尚未开始');
    // Every page turned is journaled: the journal's length counts the turns.
    const journaled = () => w.view()!.ceremony!.state.seq;
    const settled = async () => {
      const before = journaled();
      await new Promise((r) => setTimeout(r, 1500));
      return journaled() - before;
    };

    await page.locator('h1').click();
    let seq = journaled();
    await page.keyboard.press('ArrowRight');
    await poll(() => position.textContent()).toMatch(/^A · 第1 页 \/ 3$/);
    expect(journaled() - seq).toBe(1);

    // The pool list has the focus: the arrow is its own (it may choose the next pool), and turns no page.
    const jump = page.locator('select[name=jump]');
    await jump.focus();
    seq = journaled();
    await page.keyboard.press('ArrowRight');
    await settled();
    const chosen = await jump.inputValue();
    expect.soft(journaled() - seq).toBe(chosen === '0' ? 0 : 1);
    expect.soft(await position.textContent()).toMatch(chosen === '0' ? /^A · 第1 页/ : /^B · 第1 页/);

    // Nor the pace's list: a page turned by it would be a page the host did not ask for.
    await w.call('revealTo', { pool: 0, page: 0 });
    await poll(() => position.textContent()).toMatch(/^A · 第1 页 \/ 3$/);
    await page.locator('select[name=pace-interval]').focus();
    seq = journaled();
    await page.keyboard.press('ArrowRight');
    await settled();
    expect.soft(journaled() - seq).toBe(0);
    expect.soft(await position.textContent()).toMatch(/^A · 第1 页 \/ 3$/);

    // Held down, the key repeats: one page, not one per repeat.
    await page.locator('h1').click();
    seq = journaled();
    for (let i = 0; i < 4; i++) await page.keyboard.down('ArrowRight');
    await page.keyboard.up('ArrowRight');
    await settled();
    expect.soft(journaled() - seq).toBe(1);
    expect.soft(await position.textContent()).toMatch(/^A · 第2 页 \/ 3$/);
    await w.close();
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the links and the livestream', () => {
  /** The words a link's state is shown in: the page's language, never the protocol's own word. */
  const linkWords = (page: Page, testId: string) => page.getByTestId(testId).locator('[class^=link-]').textContent();
  const CHINESE = /^[\u4e00-\u9fff（）]+$/;

  it("the ball machine's link and OBS's connection in the console's language", async () => {
    const { k, w } = await imported(REHEARSAL);
    await w.call('confirmSealDigest', {});
    await w.call('useVirtualMachine', { intervalMs: 60_000, faults: [] });
    await poll(() => w.view()?.machine?.link).toBe('up');
    const page = await open(k.consoleUrl);
    const language = page.getByRole('button', { name: 'language' });
    const both = async (testId: string) => {
      const zh = await linkWords(page, testId);
      await language.click();
      const en = await linkWords(page, testId);
      await language.click();
      return { zh, en };
    };
    await poll(() => linkWords(page, 'machine')).toMatch(CHINESE);
    expect((await both('machine')).en).toMatch(/^[a-z ()]+$/);

    // A serial port that is not there: the link is down.
    await page.locator('select[name=source]').selectOption('serial');
    await page.locator('input[name=port]').fill('/dev/ttyNOWHERE-console-stage');
    await page.getByRole('button', { name: '连接', exact: true }).first().click();
    await poll(() => w.view()?.machine?.link).toBe('down');
    await poll(() => linkWords(page, 'machine')).toMatch(CHINESE);
    expect((await both('machine')).en).toMatch(/^[a-z ()]+$/);

    // OBS where none listens.
    await page.locator('input[name=obs-url]').fill('ws://127.0.0.1:9');
    await page.getByRole('button', { name: '连接', exact: true }).last().click();
    await poll(() => w.view()?.obs?.connection).toMatch(/disconnected|failed/);
    await poll(() => linkWords(page, 'obs')).toMatch(CHINESE);
    expect((await both('obs')).en).toMatch(/^[a-z ()]+$/);
    await w.close();
    await page.close();
  });

  it('the livestream stops only on a second press', async () => {
    // A real OBS streaming to ffmpeg, listening as an RTMP server on this machine.
    const obs: RealObs = realObs();
    stops.push(() => obs.kill());
    await obs.start();
    const rtmp = `rtmp://127.0.0.1:${obs.port + 1000}/live`;
    const server = spawn('ffmpeg', ['-nostdin', '-loglevel', 'error', '-listen', '1', '-i', `${rtmp}/test`, '-f', 'null', '-'], { stdio: 'ignore' });
    stops.push(() => void server.kill('SIGKILL'));
    const setup = new OBSWebSocket();
    await setup.connect(obs.url, obs.password);
    await setup.call('SetStreamServiceSettings', { streamServiceType: 'rtmp_custom', streamServiceSettings: { server: rtmp, key: 'test' } });
    await setup.disconnect();

    const { k, w } = await imported(REHEARSAL);
    const page = await open(k.consoleUrl);
    await page.locator('input[name=obs-url]').fill(obs.url);
    await page.locator('input[name=obs-password]').fill(obs.password);
    await page.getByRole('button', { name: '连接', exact: true }).click();
    await poll(() => w.view()?.obs?.connection).toBe('connected');
    await page.getByRole('button', { name: '开始直播' }).click();
    await poll(() => w.view()?.obs?.streaming).toBe(true);

    await page.getByRole('button', { name: '停止直播' }).click();
    await new Promise((r) => setTimeout(r, 2000));
    expect(w.view()?.obs?.streaming).toBe(true);
    await page.getByRole('button', { name: /再按一次确认/ }).click();
    await poll(() => w.view()?.obs?.streaming).toBe(false);
    await w.close();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('an alarm on a ball with later balls', () => {
  it('the confirmation names every ball it voids', async () => {
    // A serial machine on a pty pair: it reports balls 1 to 4, then ball 3 again with another digit.
    const pty = await new PtyPair().start();
    stops.push(() => pty.stop());
    const { k, w } = await imported(REHEARSAL);
    await w.call('confirmSealDigest', {});
    await w.call('useSerialMachine', { path: pty.app, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
    const digits = '5172';
    for (const [i, d] of [...digits].entries()) pty.write(formatSentence('BALL', i + 1, d));
    await poll(() => w.view()?.ceremony?.state.balls.join('')).toBe(digits);
    pty.write(formatSentence('BALL', 3, (Number(digits[2]) + 1) % 10));
    const page = await open(k.consoleUrl);
    const alarm = page.getByRole('alertdialog');
    await poll(() => alarm.count()).toBe(1);

    // Ball 3 and every ball after it, in the page's language: in English too (the dialog is over
    // the language button: the choice kept in the browser, then a reload).
    const english = await open(k.consoleUrl);
    await english.evaluate("localStorage.setItem('console-lang', 'en')");
    await english.reload();
    await english.getByTestId('choice-machine-next').getByRole('button').click();
    expect(await english.getByRole('button', { name: /Notary confirms/ }).textContent()).toMatch(new RegExp(`Void balls 3 to ${digits.length} and take the machine's next reading`));
    await english.close();
    await alarm.getByTestId('choice-machine-next').getByRole('button').click();
    const named = new RegExp(`作废第 3–${digits.length} 个球并取摇号机下一读数`);
    expect(await alarm.getByRole('button', { name: /公证员确认/ }).textContent()).toMatch(named);
    await alarm.getByRole('button', { name: /公证员确认/ }).click();
    expect(await alarm.getByRole('button', { name: /再按一次确认/ }).textContent()).toMatch(named);
    await alarm.getByRole('button', { name: /再按一次确认/ }).click();
    await poll(() => alarm.count()).toBe(0);
    expect(w.view()?.ceremony?.state.balls.join('')).toBe(digits.slice(0, 2));
    await w.close();
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the step bar of an aborted ceremony', () => {
  it('shows the steps it reached, and where it was aborted', async () => {
    const { k, w } = await imported(REHEARSAL);
    await w.call('confirmSealDigest', {});
    for (const d of '048213') await w.call('enterManualBall', { hostDigit: d, notaryDigit: d });
    await w.call('confirmSeed', {});
    await w.call('abortCeremony', { reason: '测试 / test' });
    await w.close();
    const page = await open(k.consoleUrl);
    await poll(() => page.locator('main').getAttribute('data-phase')).toBe('aborted');
    const steps = page.locator('.stepper li');
    // Created, imported, digest confirmed, balls drawn, seed confirmed: aborted before the results.
    expect(await steps.evaluateAll((li) => li.map((l) => l.className))).toEqual(['done', 'done', 'done', 'done', 'done', 'aborted', '', '']);
    expect(await page.locator('.stepper li.aborted').textContent()).toMatch(/^6\. 计算结果 · 已中止$/);
    expect(await page.locator('.stepper li[aria-current=step]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
