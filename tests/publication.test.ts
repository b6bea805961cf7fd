// Results for publication in the bundle: the GBK export round-trips through iconv; the
// announcement works offline in Chromium and finds an applicant's own code; its PDF holds the lists.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { draw } from './support/cli.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';

const dir = tempDir();
const bundle = join(dir, 'bundle');
const pkg = writePackage([
  { id: 'personal', name: '个人普通小客车', entries: simpleEntries(80), quota: 8, alternates: 3 },
  { id: 'company', name: '单位普通小客车', entries: simpleEntries(10, 'C'), quota: 2 },
], { balls: 6 });
const made = draw('ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', bundle, '--rehearsal', '--auto-confirm', '--balls-from', 'simulate:048213');

describe('results for publication', () => {
  it('are in the bundle, listed in SHA256SUMS, and the bundle still verifies', () => {
    expect(made.status, made.stderr).toBe(0);
    const sums = readFileSync(join(bundle, 'SHA256SUMS'), 'utf8');
    for (const f of ['publication/gbk/personal.csv', 'publication/gbk/company.csv', 'announcement.html', 'announcement.pdf', 'report.pdf']) expect(sums).toContain(`  ${f}\n`);
    const verified = draw('verify', bundle);
    expect(verified.status, verified.stdout).toBe(0);
    expect(verified.stdout.split('\n').at(-2)).toBe('verified'); // its last line, after what it checked
  });

  it('the GBK export: Chinese header, the spec file\'s ranks and codes, and it round-trips through iconv', () => {
    const gbk = join(bundle, 'publication', 'gbk', 'personal.csv');
    const utf8 = spawnSync('iconv', ['-f', 'GBK', '-t', 'UTF-8', gbk], { encoding: 'utf8' });
    expect(utf8.status).toBe(0);
    const lines = utf8.stdout.split('\r\n');
    expect(lines[0]).toBe('名次,编码,状态');
    const spec = readFileSync(join(bundle, 'results', 'personal.csv'), 'utf8').trimEnd().split('\n').slice(1);
    expect(lines.slice(1, -1)).toEqual(spec.map((l) => l.replace(',winner', ',中签').replace(',alternate', ',候补')));
    const back = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: utf8.stdout });
    expect(Buffer.from(back.stdout).equals(readFileSync(gbk))).toBe(true);
  });

  it('announcement.html works offline as one file and finds an applicant\'s own code', async () => {
    const html = readFileSync(join(bundle, 'announcement.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    const winner = readFileSync(join(bundle, 'results', 'personal.csv'), 'utf8').split('\n')[1]!.split(',')[1]!;
    const browser = await launchBrowser();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(join(bundle, 'announcement.html')).href);
    await page.locator('#search').fill(winner);
    expect(await page.locator('#answer').textContent()).toBe(`${winner} · 个人普通小客车：中签，第1名 / winner, rank 1`);
    await page.locator('#search').fill('NOT-A-CODE');
    expect(await page.locator('#answer').textContent()).toMatch(/^NOT-A-CODE：未中签 /);
    expect(await page.locator('body').textContent()).toContain('演练 REHEARSAL');
    expect(errors).toEqual([]);
    await browser.close();
  });

  it('announcement.pdf holds the title, the balls and the winners', () => {
    const text = spawnSync('pdftotext', [join(bundle, 'announcement.pdf'), '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('测试 Test');
    expect(text).toContain('048213');
    const winner = readFileSync(join(bundle, 'results', 'company.csv'), 'utf8').split('\n')[1]!.split(',')[1]!;
    expect(text).toContain(winner);
  });
});
