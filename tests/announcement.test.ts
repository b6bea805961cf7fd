// The public announcement (公告) as an applicant uses it, in Chromium: the self-lookup
// answers only for a complete code, however it is typed (spaces, full-width characters; a
// code differing only in case or dashes is named as another), with the pool and the rank,
// an alternate's place among the alternates, or 未中签; the lists go page by page on screen and print whole on A4; the header says when,
// by whom and how to check; announcement.pdf holds the same. Expected values come from the
// bundle's own results files and journal, read here independently of the code under test.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { draw } from './support/cli.ts';
import { tempDir, writePackage, type TestPool } from './support/packages.ts';

// 13-digit codes as the management system issues them; 'company' lists ten of 'personal''s
// codes too, so one applicant may be drawn in both; 'mixed' has codes that differ only in
// case, and one with dashes of its own; 'reserve' draws only alternates, 'none' draws nobody.
const personalCodes = Array.from({ length: 260 }, (_, i) => `4601${String(i).padStart(9, '0')}`);
const companyCodes = [...personalCodes.slice(0, 10), 'HNA00001', 'HNA00002', 'HNA00003'];
const mixedCodes = ['AB-1234', 'KX01', 'Kx01', 'kx02'];
const POOLS: TestPool[] = [
  { id: 'personal', name: '个人普通小客车', entries: personalCodes.map((c) => [c, 1]), quota: 200, alternates: 30 },
  { id: 'company', name: '单位普通小客车', entries: [...companyCodes].sort().map((c) => [c, 1]), quota: 13 },
  { id: 'mixed', name: '混合编码', entries: [...mixedCodes].sort().map((c) => [c, 1]), quota: 4 },
  { id: 'reserve', name: '只有候补', entries: ['R001', 'R002', 'R003'].map((c) => [c, 1]), quota: 0, alternates: 2 },
  { id: 'none', name: '无人中签', entries: ['N001', 'N002'].map((c) => [c, 1]), quota: 0 },
];
const PAGE_ROWS = 100;

const dir = tempDir();
const bundle = join(dir, 'bundle');
const pkg = writePackage(POOLS, { balls: 6 });
const made = draw('ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', bundle, '--rehearsal', '--auto-confirm', '--balls-from', 'simulate:048213');

interface Row { pool: string; rank: number; code: string; status: 'winner' | 'alternate' }
const results = (id: string): Row[] => readFileSync(join(bundle, 'results', `${id}.csv`), 'utf8').trimEnd().split('\n').slice(1).map((line) => {
  const [rank, code, status] = line.split(',');
  return { pool: id, rank: Number(rank), code: code!, status: status as Row['status'] };
});
const rowsOf = (id: string) => (made.status === 0 ? results(id) : []);
const NAME = Object.fromEntries(POOLS.map((p) => [p.id, p.name!]));
const winnersIn = (id: string) => rowsOf(id).filter((r) => r.status === 'winner').length;
/** The lookup's answer for one listed row, in the words the page uses. */
const verdict = (code: string, r: Row) => r.status === 'winner'
  ? `${code} · ${NAME[r.pool]}：中签，第${r.rank}名 / winner, rank ${r.rank}`
  : `${code} · ${NAME[r.pool]}：候补第${r.rank - winnersIn(r.pool)}名 / alternate no. ${r.rank - winnersIn(r.pool)}`;
const notDrawn = (code: string) => `${code}：未中签 / not drawn — 本页的中签与候补名单中没有此编码 / not among the winners and alternates on this page`;
const similar = (code: string) => `没有编码 ${code}；编码区分大小写，以下编码仅大小写或“-”不同：/ no code ${code} here (codes are case-sensitive); these differ from it only in case or dashes:`;
const groupsOfFour = (hex: string) => hex.replace(/(.{4})(?!$)/g, '$1 ');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** The journal's results-computed time as Beijing wall-clock time, by the platform's own zone data. */
function beijing(iso: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
const journal = () => readFileSync(join(bundle, 'journal.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; time: string; data: Record<string, unknown> });
const theme = JSON.parse(readFileSync(new URL('../assets/theme.json', import.meta.url), 'utf8')) as { organization: { zh: string; en: string } };
const drawnAt = () => beijing(journal().find((r) => r.type === 'results-computed')!.time);

describe('announcement.html', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    expect(made.status, made.stderr).toBe(0);
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(5000);
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => errors.push(`${m.type()}: ${m.text()}`));
    await page.goto(pathToFileURL(join(bundle, 'announcement.html')).href);
  });
  afterAll(async () => {
    expect(errors).toEqual([]);
    await browser?.close();
  });

  const answer = async (typed: string) => {
    await page.locator('#search').fill(typed);
    return page.locator('#answer p').allTextContents();
  };

  it('writes every result row as verifiers read it: <tr data-pool data-rank data-status> with <td class="code">, in manifest order', () => {
    const html = readFileSync(join(bundle, 'announcement.html'), 'utf8');
    const rows = html.split('<tr data-pool=').slice(1).map((chunk) => {
      const m = /^"([^"]*)" data-rank="([^"]*)" data-status="([^"]*)">(.*?)<\/tr>/s.exec(chunk);
      expect(m, chunk.slice(0, 120)).not.toBeNull();
      const code = /<td class="code">([^<]*)<\/td>/.exec(m![4]!);
      return { pool: m![1], rank: Number(m![2]), status: m![3], code: code?.[1] };
    });
    expect(rows).toEqual(POOLS.flatMap((p) => rowsOf(p.id)));
  });

  describe('finding one\'s own code', () => {
    it('a winner: the pool and the rank', async () => {
      const r = rowsOf('personal')[149]!;
      expect(r.status).toBe('winner');
      expect(await answer(r.code)).toEqual([verdict(r.code, r)]);
    });

    it('an alternate: its place among the pool\'s alternates, counted from 1', async () => {
      const fifth = rowsOf('personal').filter((r) => r.status === 'alternate')[4]!;
      expect(fifth.rank).toBe(205);
      expect(await answer(fifth.code)).toEqual([`${fifth.code} · 个人普通小客车：候补第5名 / alternate no. 5`]);
      const first = rowsOf('reserve')[0]!;
      expect(first).toMatchObject({ rank: 1, status: 'alternate' });
      expect(await answer(first.code)).toEqual([`${first.code} · 只有候补：候补第1名 / alternate no. 1`]);
    });

    it('a code of the package that was not drawn, and a well-formed code nobody holds: 未中签', async () => {
      const drawn = new Set(rowsOf('personal').map((r) => r.code));
      const loser = personalCodes.find((c) => !drawn.has(c) && !rowsOf('company').some((r) => r.code === c))!;
      expect(await answer(loser)).toEqual([notDrawn(loser)]);
      expect(await answer('9999999999999')).toEqual([notDrawn('9999999999999')]);
    });

    it('typed with full-width digits, spaces (also the ideographic space) and dashes of any kind, as input methods produce', async () => {
      const r = rowsOf('personal')[7]!;
      const fullWidth = [...r.code].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
      const expected = rowsOf('personal').concat(rowsOf('company')).filter((x) => x.code === r.code).map((x) => verdict(r.code, x));
      for (const typed of [fullWidth, ` ${r.code.slice(0, 4)} ${r.code.slice(4, 8)}\u3000${r.code.slice(8)} `]) {
        expect(await answer(typed), JSON.stringify(typed)).toEqual(expected);
      }
      // A dash is part of a code (spec draw-v1 §1): typed where the code has none, it is another code, shown as differing only in dashes.
      for (const [typed, code] of [[`${r.code.slice(0, 4)}-${r.code.slice(4, 8)}—${r.code.slice(8)}`, `${r.code.slice(0, 4)}-${r.code.slice(4, 8)}-${r.code.slice(8)}`],
        [`${fullWidth.slice(0, 6)}－${fullWidth.slice(6)}`, `${r.code.slice(0, 6)}-${r.code.slice(6)}`]]) {
        expect(await answer(typed!), JSON.stringify(typed)).toEqual([similar(code!), ...expected]);
      }
    });

    it('a code typed with a dash the listed code lacks is another code: never answered as the listed one, only named as differing in dashes', async () => {
      const r = rowsOf('company').find((x) => x.code === 'HNA00002')!;
      expect(await answer('HNA-00002')).toEqual([similar('HNA-00002'), verdict('HNA00002', r)]);
      const dashed = rowsOf('mixed').find((x) => x.code === 'AB-1234')!;
      expect(await answer('AB-1234')).toEqual([verdict('AB-1234', dashed)]);
      expect(await answer('AB-12-34')).toEqual([similar('AB-12-34'), verdict('AB-1234', dashed)]);
    });

    it('typed in full-width lower case: the code that differs only in case, named, as codes are case-sensitive', async () => {
      const r = rowsOf('company').find((x) => x.code === 'HNA00002')!;
      expect(await answer('ｈｎａ００００２')).toEqual([
        similar('hna00002'),
        verdict('HNA00002', r),
      ]);
      const dashed = rowsOf('mixed').find((x) => x.code === 'AB-1234')!;
      expect(await answer('ab 1234')).toEqual([
        similar('ab1234'),
        verdict('AB-1234', dashed),
      ]);
    });

    it('two codes that differ only in case: typed exactly, only that one; typed otherwise, each of them, named', async () => {
      const row = (code: string) => rowsOf('mixed').find((x) => x.code === code)!;
      expect(await answer('Kx01')).toEqual([verdict('Kx01', row('Kx01'))]);
      expect(await answer('KX01')).toEqual([verdict('KX01', row('KX01'))]);
      expect(await answer('kx01')).toEqual([
        similar('kx01'),
        ...['KX01', 'Kx01'].map((c) => verdict(c, row(c))),
      ]);
    });

    it('a code drawn in two pools: an answer for each, in the pools\' order', async () => {
      const company = new Map(rowsOf('company').map((r) => [r.code, r]));
      const both = rowsOf('personal').find((r) => company.has(r.code))!;
      expect(await answer(both.code)).toEqual([verdict(both.code, both), verdict(both.code, company.get(both.code)!)]);
    });

    it('stays silent while the code is incomplete: a prefix of a listed code, or shorter than any', async () => {
      const code = rowsOf('personal')[0]!.code;
      for (let n = 1; n < code.length; n++) {
        await page.locator('#search').fill(code.slice(0, n));
        expect(await page.locator('#answer').textContent(), code.slice(0, n)).toBe('');
      }
      await page.locator('#search').fill('12');
      expect(await page.locator('#answer').textContent()).toBe('');
      await page.locator('#search').fill('');
      expect(await page.locator('#answer').textContent()).toBe('');
    });

    it('says a code has only digits, letters, - and _, without a verdict, for any other character', async () => {
      expect(await answer('4601*')).toEqual(['编码只含数字、字母、“-”和“_” / a code has only digits, letters, - and _']);
    });

    it('says the lookup runs offline on this page and the bundle\'s result files are authoritative', async () => {
      const note = await page.locator('.lookup').textContent();
      expect(note).toContain('查询只在本页离线进行');
      expect(note).toContain('The lookup runs offline, on this page only');
      expect(note).toContain('以证据包中的结果文件 results/ 为准');
      expect(note).toContain('the result files in the evidence bundle (results/, which any way below checks) are authoritative');
    });
  });

  describe('the lists', () => {
    const visibleRanks = (pool: string) => page.locator(`tr[data-pool="${pool}"]`).evaluateAll((rows) => rows.filter((r) => r.checkVisibility()).map((r) => Number(r.getAttribute('data-rank'))));
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const pager = (pool: string) => page.locator(`section[id="pool-${pool}"] nav.pager`);

    it('go page by page, 100 rows a page, with controls; a pool of one page has none', async () => {
      await page.locator('#search').fill('');
      const last = rowsOf('personal').length;
      expect(last).toBe(230);
      expect(await visibleRanks('personal')).toEqual(range(1, PAGE_ROWS));
      expect(await pager('personal').locator('.where').textContent()).toBe('第 1 / 3 页 · page 1 of 3 · 名次 rank 1–100');
      await pager('personal').getByRole('button', { name: '下一页 Next' }).click();
      expect(await visibleRanks('personal')).toEqual(range(101, 200));
      await pager('personal').getByRole('button', { name: '末页 Last' }).click();
      expect(await visibleRanks('personal')).toEqual(range(201, last));
      expect(await pager('personal').getByRole('button', { name: '下一页 Next' }).isDisabled()).toBe(true);
      await pager('personal').getByRole('button', { name: '上一页 Previous' }).click();
      expect(await pager('personal').locator('.where').textContent()).toBe('第 2 / 3 页 · page 2 of 3 · 名次 rank 101–200');
      await pager('personal').getByRole('button', { name: '首页 First' }).click();
      expect(await visibleRanks('personal')).toEqual(range(1, PAGE_ROWS));
      expect(await pager('personal').getByRole('button', { name: '上一页 Previous' }).isDisabled()).toBe(true);
      await pager('personal').getByLabel('转到第几页 Go to page').fill('3');
      await pager('personal').getByLabel('转到第几页 Go to page').press('Enter');
      expect(await visibleRanks('personal')).toEqual(range(201, last));
      expect(await visibleRanks('company')).toEqual(range(1, rowsOf('company').length));
      expect(await pager('company').count()).toBe(0);
    });

    it('a lookup turns the pool to the page of the code and marks its row', async () => {
      await page.locator('section[id="pool-personal"] nav.pager').getByRole('button', { name: '首页 First' }).click();
      const r = rowsOf('personal')[149]!;
      await answer(r.code);
      expect(await visibleRanks('personal')).toEqual(range(101, 200));
      const marked = page.locator('tr.found');
      expect(await marked.evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-pool')} ${row.getAttribute('data-rank')}`)))
        .toEqual(rowsOf('personal').concat(rowsOf('company')).filter((x) => x.code === r.code).map((x) => `${x.pool} ${x.rank}`));
      expect(await marked.first().isVisible()).toBe(true);
      await answer('');
      expect(await page.locator('tr.found').count()).toBe(0);
    });

    it('the page is no longer one long table: every row is in it, a page of each pool is shown', async () => {
      for (const p of POOLS) {
        expect(await page.locator(`tr[data-pool="${p.id}"]`).count()).toBe(rowsOf(p.id).length);
        expect((await visibleRanks(p.id)).length).toBe(Math.min(PAGE_ROWS, rowsOf(p.id).length));
      }
    });
  });

  describe('the header', () => {
    it('names the issuer, the period, the date of the draw in Beijing time, the seal digest, the master seed and each results file\'s SHA-256', async () => {
      const head = (await page.locator('header').textContent())!.replace(/\s+/g, ' ');
      const summary = JSON.parse(readFileSync(join(bundle, 'results', 'results.json'), 'utf8')) as { sealDigest: string; masterSeed: string; period: string };
      expect(head).toContain(`发布单位 Issuer: ${theme.organization.zh} ${theme.organization.en}`);
      expect(head).toContain(`期号 Period: ${summary.period}`);
      expect(head).toContain(`摇号时间 Date of the draw: ${drawnAt()} (北京时间 UTC+8)`);
      expect(head).toContain(`封存摘要 Seal digest: ${groupsOfFour(summary.sealDigest)}`);
      expect(head).toContain(`主种子 Master seed: ${groupsOfFour(summary.masterSeed)}`);
      expect(head).toContain('证据摘要印在公证员签字的纸质报告上');
      expect(head).toContain('The evidence digest is on the paper report the notary signed');
      for (const p of POOLS) {
        const section = (await page.locator(`section[id="pool-${p.id}"] .sha256`).textContent())!.replace(/\s+/g, ' ');
        expect(section).toBe(`results/${p.id}.csv SHA-256: ${groupsOfFour(sha256(readFileSync(join(bundle, 'results', `${p.id}.csv`))))}`);
      }
    });

    it('says how to verify, the three ways', async () => {
      const how = (await page.locator('#verify').textContent())!.replace(/\s+/g, ' ');
      expect(how).toContain('verify/verify.html');
      expect(how).toContain('python3 verify/draw_verify.py');
      expect(how).toContain('draw verify');
      expect(how).toContain('spec/draw-v1.md');
    });
  });

  describe('printed', () => {
    it('every row of every pool shows, the controls and the lookup do not, and each pool starts a page', async () => {
      await page.emulateMedia({ media: 'print' });
      try {
        const hidden = await page.locator('tr[data-pool]').evaluateAll((rows) => rows.filter((r) => !r.checkVisibility()).length);
        expect(hidden).toBe(0);
        expect(await page.locator('tr[data-pool]').count()).toBe(POOLS.reduce((n, p) => n + rowsOf(p.id).length, 0));
        for (const selector of ['nav.pager', '.lookup', '#search']) {
          expect(await page.locator(selector).evaluateAll((els) => els.filter((e) => e.checkVisibility()).length), selector).toBe(0);
        }
        const breaks = await page.locator('section.pool').evaluateAll((els) => els.map((e) => e.ownerDocument.defaultView!.getComputedStyle(e).breakBefore));
        expect(breaks).toEqual(POOLS.map(() => 'page'));
      } finally {
        await page.emulateMedia({ media: null });
      }
    });

    it('on A4, every row in the printed text', async () => {
      const pdf = join(tempDir(), 'printed.pdf');
      writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true }));
      expect(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout).toMatch(/Page size:.* pts \(A4\)/);
      const text = spawnSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
      // Without white space: how pdftotext spaces mixed Chinese and Latin depends on the fonts installed.
      const bare = (line: string) => line.replace(/\s+/g, '');
      const printed = new Set(text.split('\n').map(bare));
      for (const p of POOLS) for (const r of rowsOf(p.id)) expect(printed, `${p.id} ${r.rank}`).toContain(bare(`${r.rank} ${r.code} ${r.status === 'winner' ? '中签 winner' : `候补第${r.rank - winnersIn(p.id)}名 alternate no. ${r.rank - winnersIn(p.id)}`}`));
    });
  });
});

describe('announcement.pdf', () => {
  const pages = () => spawnSync('pdftotext', ['-raw', join(bundle, 'announcement.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout.split('\f').slice(0, -1);

  it('holds every row of every pool, an alternate with its place among the alternates', () => {
    expect(made.status, made.stderr).toBe(0);
    // The pages after the header's, where the numbered lines are the lists' rows.
    const listed = pages().slice(1).join('\n').split('\n').map((l) => l.trim()).filter((l) => /^\d+\. /.test(l));
    expect(listed).toEqual(POOLS.flatMap((p) => rowsOf(p.id).map((r) => `${r.rank}. ${r.code} ${r.status === 'winner' ? '中签' : `候补第${r.rank - winnersIn(p.id)}名`}`)));
  });

  it('starts each pool on a page of its own, after the header', () => {
    const starts = pages().map((text, i) => [i, text.trimStart().split('\n')[0]] as const).filter(([, first]) => POOLS.some((p) => first!.startsWith(p.name!)));
    expect(starts.map(([, first]) => first!.split('（')[0])).toEqual(POOLS.map((p) => p.name));
    expect(starts[0]![0]).toBeGreaterThan(0);
  });

  it('has the date of the draw in Beijing time, the issuer, the digests, and page numbers on every page', () => {
    const all = pages();
    const text = all.join('\n');
    expect(text).toContain(`摇号时间 Date of the draw: ${drawnAt()} (北京时间 UTC+8)`);
    expect(text).toContain(`发布单位 Issuer: ${theme.organization.zh} ${theme.organization.en}`);
    const summary = JSON.parse(readFileSync(join(bundle, 'results', 'results.json'), 'utf8')) as { sealDigest: string; masterSeed: string };
    expect(text).toContain(`封存摘要 Seal digest: ${groupsOfFour(summary.sealDigest)}`);
    expect(text).toContain(`主种子 Master seed: ${groupsOfFour(summary.masterSeed)}`);
    expect(text).toContain('python3 verify/draw_verify.py');
    expect(text).toContain('The evidence digest is on the paper report the notary signed');
    all.forEach((p, i) => expect(p, `page ${i + 1}`).toContain(`第 ${i + 1} / ${all.length} 页 · page ${i + 1} of ${all.length}`));
  });
});
