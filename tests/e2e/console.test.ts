// The console and the stage in real Chromium against browser mode: a whole rehearsal
// driven as the host and the notary would, the stage following each step; the messages for
// a bad package and a wrong PIN; the alarm dialog on a conflicting ball.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draw } from '../support/cli.ts';
import { launchBrowser } from '../support/browser.ts';
import { armedClick, openPage } from '../support/screens.ts';
import { NAMES } from '../support/ceremony-names.ts';
import { simpleEntries, tempDir, writePackage } from '../support/packages.ts';
import { startBrowserMode, type BrowserMode } from '../support/browser-mode.ts';

let host: BrowserMode;
let browser: Browser;
const errors: string[] = [];
const PIN = '246810';

beforeAll(async () => {
  host = await startBrowserMode();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

const open = (url: string, width?: number, height?: number) => openPage(browser, url, errors, width, height);


/** `startsAt`: the scheduled start as the datetime field takes it, in Beijing time. */
async function createRehearsal(page: Page, period: string, pin = PIN, startsAt?: string): Promise<void> {
  await page.locator('input[name=period]').fill(period);
  if (startsAt !== undefined) await page.locator('input[name=scheduled-start]').fill(startsAt);
  await page.locator('input[name=venue]').fill(NAMES.venue);
  await page.locator('input[name=host-name]').fill(NAMES.hostName);
  await page.locator('input[name=notary-name]').fill(NAMES.notaryName);
  await page.locator('input[name=pin]').nth(0).fill(pin);
  await page.locator('input[name=pin]').nth(1).fill(pin);
  await page.getByRole('button', { name: '创建' }).click();
  await expect.poll(() => page.locator('input[name=package-path]').count()).toBe(1);
}

describe('browser mode', () => {
  it('prints exactly two lines, serves only with the token, only on loopback', async () => {
    expect(host.lines).toHaveLength(2);
    expect(host.lines[0]).toMatch(/^console: http:\/\/127\.0\.0\.1:\d+\/console\?token=[\w-]{20,}$/);
    expect(host.lines[1]).toMatch(/^stage: http:\/\/127\.0\.0\.1:\d+\/stage\?token=[\w-]{20,}$/);
    const url = new URL(host.stageUrl);
    const status = (path: string) => new Promise<number>((resolve) => request({ host: '127.0.0.1', port: url.port, path }, (res) => resolve(res.statusCode!)).end());
    expect(await status('/stage')).toBe(403);
    expect(await status('/stage?token=wrong')).toBe(403);
    expect(await status('/assets/x.js')).toBe(403);
    expect(await status(`/stage?token=${url.searchParams.get('token')}`)).toBe(200);
    // Listening sockets of the host process: 127.0.0.1 only (hex 0100007F in /proc/net/tcp).
    const listening = readFileSync('/proc/net/tcp', 'utf8').split('\n').filter((l) => l.includes(`:${Number(url.port).toString(16).toUpperCase().padStart(4, '0')} `) && / 0A /.test(l));
    expect(listening.length).toBeGreaterThan(0);
    for (const l of listening) expect(l.trim().split(/\s+/)[1]).toMatch(/^0100007F:/);
  });
});

describe('a whole rehearsal through the console', () => {
  it('create, import, confirm, balls, seed, compute, reveal every page, seal, close; the stage follows; draw verify passes', async () => {
    const pkg = writePackage([
      { id: 'personal', name: '个人普通', entries: simpleEntries(45), quota: 30, alternates: 5 },
      { id: 'company', name: '单位普通', entries: simpleEntries(12, 'C'), quota: 3 },
    ], { balls: 6 });
    const console_ = await open(host.consoleUrl);
    const stage = await open(host.stageUrl, 1920, 1080);
    const stagePhase = () => stage.locator('.stage-frame').getAttribute('data-phase');

    await createRehearsal(console_, 'test-1', PIN, '2026-11-26T10:00');
    expect(await stage.getByTestId('watermark').textContent()).toContain('REHEARSAL');

    // A bad package: the message names the file, the line and the rule.
    const bad = writePackage([{ id: 'P', entries: simpleEntries(3), quota: 1 }], { balls: 6, files: (f) => { f['P.csv'] = 'code,weight\nA,1\nA,1\n'; } });
    await console_.locator('input[name=package-path]').fill(bad);
    await console_.getByRole('button', { name: '导入' }).click();
    const alert = console_.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/code-unique/);
    expect(await alert.textContent()).toContain(`${join(bad, 'P.csv')}:3`);
    await alert.getByRole('button').click();

    await console_.locator('input[name=package-path]').fill(pkg);
    await console_.getByRole('button', { name: '导入' }).click();
    const digest = createHash('sha256').update(readFileSync(join(pkg, 'manifest.json'))).digest('hex');
    await expect.poll(() => console_.getByTestId('seal-digest').textContent()).toBe(digest.match(/.{4}/g)!.join(''));
    await expect.poll(stagePhase).toBe('imported');
    expect(await stage.locator('.stage-digest').textContent()).toContain(digest.slice(0, 4));

    // A wrong PIN is refused in plain words; the right one confirms.
    await console_.locator('input[name=pin]').fill('000000');
    await armedClick(console_, /公证员确认摘要一致/);
    await expect.poll(() => console_.getByRole('alert').textContent()).toMatch(/公证员 PIN 不正确.*the notary PIN is wrong/s);
    await console_.getByRole('alert').getByRole('button').click();
    await console_.locator('input[name=pin]').fill(PIN);
    await armedClick(console_, /公证员确认摘要一致/);
    await expect.poll(stagePhase).toBe('seeding');

    // Simulated balls arrive in the slots, on the console and on the stage.
    await console_.locator('input[name=interval]').fill('80');
    await console_.getByRole('button', { name: '开始模拟' }).click();
    await expect.poll(() => console_.getByTestId('slots').locator('.slot.filled').count(), { timeout: 15_000 }).toBe(6);
    await expect.poll(() => stage.getByTestId('seed-slots').locator('.ball').count()).toBe(6);
    const seed = (await console_.getByTestId('seed').textContent())!;
    await console_.locator('input[name=pin]').last().fill(PIN);
    await armedClick(console_, /公证员确认种子/);
    await console_.getByRole('button', { name: /按规范 draw-v1 计算/ }).click();

    // Reveal every page of every pool with the Next button.
    const pages = Math.ceil(35 / 20) + 1;
    for (let i = 0; i < pages; i++) {
      await console_.getByRole('button', { name: '下一页' }).click();
      await expect.poll(() => stage.getByTestId('reveal-page').count()).toBe(1);
    }
    await expect.poll(() => console_.getByTestId('reveal-position').textContent()).toMatch(/单位普通 · 第1 页 \/ 1/);
    await expect.poll(() => stage.locator('.reveal-cell').count()).toBe(3);

    const bundle = join(host.bundleFolder, 'bundle');
    await console_.locator('input[name=bundle-target]').fill(bundle);
    await armedClick(console_, /^写入$/);
    // Written, then read back from the stick: it takes a while.
    await expect.poll(() => console_.getByTestId('bundle').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(stagePhase).toBe('sealed');
    await console_.locator('input[name=pin]').fill(PIN);
    await armedClick(console_, /公证员确认结束/);
    await expect.poll(stagePhase).toBe('closed');

    expect(draw('verify', bundle).stdout).toMatch(/(^|\n)verified\n$/);
    const created = JSON.parse(readFileSync(join(bundle, 'journal.jsonl'), 'utf8').split('\n')[0]!) as { data: { scheduledStart?: string } };
    expect(created.data.scheduledStart).toBe('2026-11-26T10:00+08:00');
    const ran = join(tempDir(), 'run');
    expect(draw('run', join(bundle, 'package'), '--balls', seed, '--out', ran).status).toBe(0);
    expect(readFileSync(join(bundle, 'results', 'personal.csv')).equals(readFileSync(join(ran, 'personal.csv')))).toBe(true);
    expect(errors).toEqual([]);
    await console_.close();
    await stage.close();
  });

  it('a package uploaded as a .zip; an earlier ceremony resumed from the list', async () => {
    const pkg = writePackage([{ id: 'P', entries: simpleEntries(20), quota: 2 }], { balls: 6 });
    const zip = join(tempDir(), 'pkg-2026.zip');
    const py = spawnSync('python3', ['-c', `import zipfile,os,sys
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
    [z.write(os.path.join(sys.argv[1], n), n) for n in sorted(os.listdir(sys.argv[1]))]`, pkg, zip]);
    expect(py.status).toBe(0);
    const console_ = await open(host.consoleUrl);
    await createRehearsal(console_, 'test-1', '');
    await console_.locator('input[name=package-upload]').setInputFiles(zip);
    const digest = createHash('sha256').update(readFileSync(join(pkg, 'manifest.json'))).digest('hex');
    await expect.poll(() => console_.getByTestId('seal-digest').textContent()).toBe(digest.match(/.{4}/g)!.join(''));

    // Aborted, with the notary's confirmation; then opened again from the list of this kiosk's ceremonies.
    await console_.getByRole('button', { name: '中止仪式…' }).click();
    await console_.locator('input[name=abort-reason]').fill('换用新仪式 / switching');
    await armedClick(console_, /^中止$/);
    await expect.poll(() => console_.getByRole('heading', { name: /仪式已中止/ }).count()).toBe(1);
    await console_.reload();
    // Ended ceremonies are there to be looked through, not continued.
    const resume = console_.getByRole('button', { name: '查看' });
    await expect.poll(() => resume.count()).toBeGreaterThanOrEqual(2); // this one and the closed one before it
    expect(await resume.first().locator('..').textContent()).toMatch(/^test-1 · 测试 Test · 已中止 · 演练查看$/);
    expect(await console_.getByRole('button', { name: '继续' }).count()).toBe(0);
    // This rehearsal has no PIN: it opens without one.
    await resume.first().click();
    await expect.poll(() => console_.getByRole('heading', { name: /仪式已中止：换用新仪式/ }).count()).toBe(1);
    // The closed ceremony of the test before has a PIN: it opens only with it (it checks the journal's MACs).
    await resume.nth(1).click();
    await expect.poll(() => console_.getByRole('alert').textContent()).toMatch(/继续此仪式须由公证员输入 PIN.*notary's PIN is needed to resume/s);
    await console_.getByRole('alert').getByRole('button').click();
    // A refused resume leaves the open ceremony open.
    expect(await console_.getByRole('heading', { name: /仪式已中止：换用新仪式/ }).count()).toBe(1);
    await console_.locator('input[name=pin]').last().fill(PIN);
    await resume.nth(1).click();
    // The PIN is checked by a deliberately slow key derivation, then every record's MAC.
    await expect.poll(() => console_.getByRole('heading', { name: '仪式已结束' }).count(), { timeout: 30_000 }).toBe(1);
    expect(errors).toEqual([]);
    await console_.close();
  });

  it('a conflicting ball from the machine brings up the alarm dialog', async () => {
    const pkg = writePackage([{ id: 'P', entries: simpleEntries(20), quota: 2 }], { balls: 6 });
    const console_ = await open(host.consoleUrl);
    await createRehearsal(console_, 'test-1', '');
    await console_.locator('input[name=package-path]').fill(pkg);
    await console_.getByRole('button', { name: '导入' }).click();
    await armedClick(console_, /公证员确认摘要一致/);
    await console_.locator('input[name=interval]').fill('50');
    await console_.locator('input[name=faults]').fill('conflict');
    await console_.getByRole('button', { name: '开始模拟' }).click();
    const dialog = console_.getByRole('alertdialog');
    await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(1);
    expect(await console_.getByTestId('alarm').textContent()).toMatch(/摇号机对第 3 个球给出了两个不同的号码/);
    expect(errors).toEqual([]);
    await console_.close();
  });
});
