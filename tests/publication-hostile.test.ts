// The published pages are safe for any text. A package may hold any UTF-8 title and pool
// names (spec draw-v1 §1, no length limit) and codes of 1..64 of [0-9A-Za-z_-]: here every
// field is hostile, and the package goes through a rehearsal to a bundle. Opened in Chromium,
// announcement.html runs only its own script, shows each text as text (an invisible character
// as its code point), lists and finds exactly the results files' ranks, and no RTL override
// reorders the text around a name; announcement.pdf, report.pdf and README.txt show the same
// text visibly, on no line of its own that could pass for one of theirs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../electron/node/failure.ts';
import { CeremonyService } from '../electron/service/ceremony-service.ts';
import { launchBrowser } from './support/browser.ts';
import { draw } from './support/cli.ts';
import { simpleEntries, tempDir, writePackage, type TestPool } from './support/packages.ts';

const NAMES = {
  // Once out of the page's data, it would rewrite the winners shown: no quote or backslash, which JSON would escape.
  script: "</script><script>window.__injected = 'script'; alert('script'); for (const td of document.querySelectorAll('tbody td:nth-child(2)')) td.textContent = 'ATTACKER'</script>",
  attr: `"'><img src=x onerror="window.__injected = 'img'; alert('img')"><a href="javascript:alert('a')">`,
  markup: '<!-- --> ]]> <![CDATA[ x ]]> </title></style></textarea><svg onload="alert(\'svg\')"></svg> &amp; &lt;b&gt; <plaintext>',
  // Overrides and isolates left open, then Hebrew and digits: in the page they would reverse what follows.
  bidi: '\u202E第 1 名 中签\u2069\u202D\u2067 עברית 42',
  lines: '一\u2028二\u2029三\n四\r\n五\t六\u0085七',
  invisible: '个人\u200B普通\u200C小\u200D客\u2060车\uFEFF\u00AD\u0000\u0007\u001B[31m\u007F\uD800',
  long: 'W'.repeat(4096) + '长'.repeat(4096),
};
// A title that would print lines of the report's and README's own if its line breaks were kept.
const FORGED_SEED = '种子（球号） Seed (the balls): 999999';
const FORGED_REAL = '正式摇号 Real draw';
const TITLE = `海南省小客车增量指标配置\n${FORGED_SEED}\n${FORGED_REAL}\n${Object.values(NAMES).join(' ')}`;

/** Independently of the code under test: each control, format, line/paragraph separator or lone surrogate as 〈U+XXXX〉. */
const shown = (s: string) => s.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu, (ch) => `〈U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}〉`);
/** The PDFs' font (Noto Sans SC) has no Hebrew: those letters are shown by code point too, not as identical empty boxes. */
const shownInPdf = (s: string) => shown(s).replace(/[\u0590-\u05ff]/g, (ch) => `〈U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}〉`);
/** Without whitespace, where the PDFs wrap lines; runs of 8 or more of a character as ‹W×4096›, so failures stay readable. */
const squeeze = (s: string) => short(s.replace(/\s+/g, ''));
const short = (s: string) => s.replace(/(.)\1{7,}/gsu, (run, ch: string) => `‹${ch}×${[...run].length}›`);
/** Whether `line` appears in `text` only inside a text whose line breaks are shown, right after one (〈U+000A〉). */
const forged = (text: string, line: string) => squeeze(text).split(squeeze(line)).slice(0, -1).every((before) => before.endsWith('〈U+000A〉'));
/** The report prints a long free text's first 160 characters, marked as cut: the bundle holds it whole. */
const inReport = (s: string) => ([...shownInPdf(s)].length <= 160 ? shownInPdf(s) : `${[...shownInPdf(s)].slice(0, 160).join('')}…（全文见证据包 in full in the bundle）`);

// Codes as odd as the spec allows: one character, all punctuation, 64 characters, and the
// names of JavaScript's own object properties. Byte order is UTF-16 order for ASCII.
const ODD = ['-', '--', '-'.repeat(64), '0', '00', 'A', 'Z'.repeat(64), '_', '__proto__', 'a', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', `${'z'.repeat(63)}-`];
const codes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
const pool = (id: keyof typeof NAMES, list: string[], quota: number, alternates = 0): TestPool =>
  ({ id, name: NAMES[id], entries: [...new Set(list)].sort().map((c) => [c, 1 + (c.length % 3)]), quota, alternates });
const POOLS = [
  pool('script', [...ODD, ...codes('4601', 30)], 6, 4),
  pool('attr', [...ODD.slice(0, 8), ...codes('4602', 5)], 100), // every code wins, some also in 'script'
  pool('markup', codes('4603', 12), 3, 2),
  pool('bidi', codes('4604', 12), 3, 2),
  pool('lines', codes('4605', 12), 3, 2),
  pool('invisible', codes('4606', 12), 3, 2),
  pool('long', codes('4607', 12), 3, 2),
];

const dir = tempDir();
const bundle = join(dir, 'bundle');
const pkg = writePackage(POOLS, { balls: 6, manifest: (m) => { m.title = TITLE; } });
const made = draw('ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', bundle, '--rehearsal', '--auto-confirm', '--balls-from', 'simulate:048213');

interface Rank { rank: number; code: string; status: 'winner' | 'alternate' }
const results = POOLS.map((p) => readFileSync(join(bundle, 'results', `${p.id}.csv`), 'utf8').trimEnd().split('\n').slice(1).map((line): Rank => {
  const [rank, code, status] = line.split(',');
  return { rank: Number(rank), code: code!, status: status as Rank['status'] };
}));
/** An alternate is numbered among its pool's alternates, from 1: its rank after the pool's winners. */
const place = (i: number, r: Rank) => r.rank - results[i]!.filter((x) => x.status === 'winner').length;
const standing = (i: number, r: Rank) => (r.status === 'winner' ? { zh: '中签', en: 'winner' } : { zh: `候补第${place(i, r)}名`, en: `alternate no. ${place(i, r)}` });

// Code run in the page reaches the document through the element it is given: the tests are
// type-checked without the DOM's globals.
/** A visual check, in the page: every character of `selector` outside its <bdi>, in logical order, with its box. */
function layoutOf(page: Page, selector: string): Promise<[number, number, string][]> {
  return page.locator(selector).evaluate((el) => {
    const out: [number, number, string][] = [];
    const SHOW_TEXT = 4;
    const walker = el.ownerDocument.createTreeWalker(el, SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement!.closest('bdi')) continue;
      for (let i = 0; i < n.data.length; i++) {
        if (/\s/.test(n.data[i]!)) continue;
        const range = el.ownerDocument.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const box = range.getBoundingClientRect();
        out.push([box.top, box.left, n.data[i]!]);
      }
    }
    return out;
  });
}

/** In a left-to-right page, text in logical order runs left to right, line after line. */
function expectReadingOrder(chars: [number, number, string][]): void {
  expect(chars.length).toBeGreaterThan(0);
  for (let i = 1; i < chars.length; i++) {
    const [top0, left0] = chars[i - 1]!;
    const [top, left, ch] = chars[i]!;
    const inOrder = Math.abs(top - top0) < 2 ? left > left0 : top > top0;
    expect(inOrder, `'${ch}' (character ${i} of "${chars.map((c) => c[2]).join('')}") is out of reading order`).toBe(true);
  }
}

describe('hostile text in every field of a package', () => {
  it('goes through a rehearsal to a bundle that verifies', () => {
    expect(made.status, made.stderr).toBe(0);
    const verified = draw('verify', bundle);
    expect(verified.status, verified.stdout).toBe(0);
    expect(verified.stdout.split('\n').at(-2)).toBe('verified'); // its last line, after what it checked
  });

  describe('announcement.html in Chromium', () => {
    let browser: Browser;
    let page: Page;
    const dialogs: string[] = [];
    const consoled: string[] = [];
    const errors: string[] = [];
    const requests: string[] = [];
    const url = pathToFileURL(join(bundle, 'announcement.html')).href;

    beforeAll(async () => {
      browser = await launchBrowser();
      page = await browser.newPage();
      page.setDefaultTimeout(5000);
      page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
      page.on('console', (m) => consoled.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      await page.addInitScript(`window.violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));`);
      await page.goto(url);
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('runs only its own script: no injected element, handler, dialog, request or policy violation', async () => {
      const found = await page.locator('html').evaluate((root) => {
        const doc = root.ownerDocument;
        const win = doc.defaultView as unknown as { __injected?: string; violations: string[] };
        return {
          injected: win.__injected ?? null,
          scripts: doc.scripts.length,
          foreign: [...doc.querySelectorAll('img, svg, a, iframe, object, embed, plaintext, textarea, base, link')].map((e) => e.outerHTML.slice(0, 80)),
          handlers: [...doc.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${e.localName} ${a.name}`)),
          violations: win.violations,
        };
      });
      expect(found).toEqual({ injected: null, scripts: 1, foreign: [], handlers: [], violations: [] });
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      expect(consoled).toEqual([]);
      expect(requests).toEqual([url]);
    });

    it('has a strict content security policy that admits only its own script and style, by hash', async () => {
      const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      const directives = new Map(csp!.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
      expect(directives.get('default-src')).toEqual(["'none'"]);
      const hash = (text: string | null) => `'sha256-${createHash('sha256').update(text!).digest('base64')}'`;
      expect(directives.get('script-src')).toEqual([hash(await page.locator('script').textContent())]);
      expect(directives.get('style-src')).toEqual([hash(await page.locator('style').textContent())]);
    });

    it('shows the title and every pool name as text, each invisible character as its code point', async () => {
      expect(short((await page.locator('h1 bdi').textContent())!)).toBe(short(shown(TITLE)));
      expect(short(await page.title())).toBe(short(`${shown(TITLE)} · 摇号结果公告`));
      expect((await page.locator('h2 bdi').allTextContents()).map(short)).toEqual(POOLS.map((p) => short(shown(p.name!))));
    });

    it('lists exactly the results files\' ranks, codes and statuses, with their counts', async () => {
      const tables = await page.locator('table').evaluateAll((ts) => ts.map((t) => [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))));
      expect(tables).toEqual(results.map((rows, i) => rows.map((r) => [String(r.rank), r.code, `${standing(i, r).zh} ${standing(i, r).en}`])));
      const heads = await page.locator('h2:has(bdi)').allTextContents();
      heads.forEach((head, i) => {
        const count = (s: Rank['status']) => results[i]!.filter((r) => r.status === s).length;
        expect(short(head)).toBe(short(`${shown(POOLS[i]!.name!)}（中签 ${count('winner')}，候补 ${count('alternate')}）`));
      });
    });

    it('finds, for every code in the package, exactly its ranks in every pool', async () => {
      const all = [...new Set(POOLS.flatMap((p) => p.entries.map(([c]) => c)))];
      // The lookup's rules: the code as typed; else with its dashes read as separators; else the
      // codes that differ from it only in case or dashes, named; else nothing while it may still
      // be the start of a listed code (or is shorter than any), and 未中签 after.
      const listed = POOLS.flatMap((p, i) => results[i]!.map((r) => ({ ...r, line: `${r.code} · ${shown(p.name!)}：${r.status === 'winner' ? `中签，第${r.rank}名 / winner, rank ${r.rank}` : `候补第${place(i, r)}名 / alternate no. ${place(i, r)}`}` })));
      const key = (c: string) => c.replace(/-/g, '').toUpperCase();
      const expected = (code: string): string[] => {
        const as = (c: string) => listed.filter((r) => r.code === c).map((r) => r.line);
        if (code === '') return [];
        if (as(code).length) return as(code);
        if (as(code.replace(/-/g, '')).length) return as(code.replace(/-/g, ''));
        const near = [...new Set(listed.filter((r) => key(code) && key(r.code) === key(code)).map((r) => r.code))].sort();
        if (near.length) return [`没有编码 ${code}；编码区分大小写，以下编码仅大小写或“-”不同：/ no code ${code} here (codes are case-sensitive); these differ from it only in case or dashes:`, ...near.flatMap(as)];
        const keys = listed.map((r) => key(r.code)).filter(Boolean);
        if (keys.some((k) => k.startsWith(key(code))) || key(code).length < Math.min(...keys.map((k) => k.length))) return [];
        return [`${code}：未中签 / not drawn — 本页的中签与候补名单中没有此编码 / not among the winners and alternates on this page`];
      };
      const answers: Record<string, number> = { found: 0, similar: 0, silent: 0, 'not drawn': 0 };
      for (const code of [...all, 'NOT-A-CODE', 'length', 'TOSTRING', '']) {
        await page.locator('#search').fill(code);
        const lines = expected(code);
        answers[lines.length === 0 ? 'silent' : lines[0]!.startsWith('没有编码') ? 'similar' : lines[0]!.includes('未中签') ? 'not drawn' : 'found']!++;
        expect((await page.locator('#answer p').allTextContents()).map(short), code).toEqual(lines.map(short));
      }
      // Every kind of answer was put to the test.
      expect(Object.values(answers).every((n) => n > 0), JSON.stringify(answers)).toBe(true);
    });

    it('keeps an RTL override in a name from reordering the text around it', async () => {
      for (let i = 0; i < POOLS.length; i++) expectReadingOrder(await layoutOf(page, `h2:has(bdi) >> nth=${i}`));
      expectReadingOrder(await layoutOf(page, 'h1'));
      const bidi = POOLS.findIndex((p) => p.id === 'bidi');
      await page.locator('#search').fill(results[bidi]![0]!.code);
      expectReadingOrder(await layoutOf(page, '#answer'));
    });
  });

  it('announcement.pdf shows the title and every name visibly, and every pool\'s ranks', () => {
    // Without the page numbers, which stand in the bottom margin of every page, amid a long title.
    const text = squeeze(spawnSync('pdftotext', ['-raw', join(bundle, 'announcement.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout
      .replace(/^摇号结果公告 test-1 · 第 \d+ \/ \d+ 页 · page \d+ of \d+$/gm, ''));
    expect(text).toContain(squeeze(shownInPdf(TITLE)));
    for (const p of POOLS) expect(text).toContain(squeeze(shownInPdf(p.name!)));
    results.forEach((rows, i) => rows.forEach((r) => expect(text).toContain(squeeze(`${r.rank}. ${r.code} ${standing(i, r).zh}`))));
  });

  it('report.pdf and README.txt show the title and names visibly, and a line break in them forges no line of theirs', () => {
    // -raw: in the order it was drawn, so a name wrapped in its table cell is not interleaved with the numbers beside it.
    const report = spawnSync('pdftotext', ['-raw', join(bundle, 'report.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
    expect(squeeze(report)).toContain(squeeze(inReport(TITLE)));
    for (const p of POOLS) expect(squeeze(report)).toContain(squeeze(`${inReport(p.name!)} (${p.id})`));
    // The forged text appears only inside the title, right after its visible line break.
    expect(forged(report, FORGED_REAL)).toBe(true);
    expect(forged(report, FORGED_SEED)).toBe(true);
    expect(report.split('\n').filter((l) => /^\s*正式摇号 Real draw/.test(l))).toEqual([]); // a rehearsal's report has no such line

    const readme = readFileSync(join(bundle, 'README.txt'), 'utf8');
    expect(short(readme.split('\n')[0]!)).toBe(short(shown(TITLE)));
    expect(readme.split('\n').filter((l) => l.startsWith('种子（球号） Seed (the balls): '))).toEqual(['种子（球号） Seed (the balls): 048213']);
  });

  it('report.pdf shows a voided ball\'s reason, the host\'s own text, visibly: it forges no line either', async () => {
    const reason = '看错了\n第 1 个球 ball 1: 9 · 摇号机 machine\n种子 Seed: 999\u202E';
    const s = unwrap(CeremonyService.create(join(tempDir(), 'state'), { period: 'test-1', kind: 'quota-allocation', rehearsal: true }));
    unwrap(await s.importPackage(writePackage([{ id: 'P', entries: simpleEntries(20), quota: 3 }], { balls: 3 })));
    unwrap(s.confirmSealDigest('rehearsal-auto'));
    unwrap(s.recordBall(1, '0', 'simulator', '0'));
    unwrap(s.voidLastBall(reason, 'rehearsal-auto'));
    ['0', '4', '8'].forEach((digit, i) => unwrap(s.recordBall(i + 1, digit, 'simulator', digit)));
    unwrap(s.confirmSeed('rehearsal-auto'));
    unwrap(s.computeResults());
    const target = join(tempDir(), 'bundle');
    unwrap(await s.writeBundle(target));
    s.dispose();
    const report = spawnSync('pdftotext', ['-raw', join(target, 'report.pdf'), '-'], { encoding: 'utf8' }).stdout;
    expect(squeeze(report)).toContain(squeeze(`作废球 ball voided: 第 1 个球 ball 1: 0 · ${shown(reason)}`));
    // Its lines stay inside it, after its visible line breaks: the timeline has ball 1 as 0, drawn, voided, drawn again.
    expect(forged(report, '第 1 个球 ball 1: 9 · 摇号机 machine')).toBe(true);
    expect(forged(report, '种子 Seed: 999')).toBe(true);
    expect(report.split('\n').filter((l) => l.includes('第 1 个球 ball 1: 0'))).toHaveLength(3);
  });

  it('the GBK export holds the odd codes exactly as the results files do', () => {
    const script = POOLS.findIndex((p) => p.id === 'script');
    const utf8 = spawnSync('iconv', ['-f', 'GBK', '-t', 'UTF-8', join(bundle, 'publication', 'gbk', 'script.csv')], { encoding: 'utf8' }).stdout;
    expect(utf8.split('\r\n').slice(1, -1)).toEqual(results[script]!.map((r) => `${r.rank},${r.code},${r.status === 'winner' ? '中签' : '候补'}`));
  });

  it('draw run prints the title and names to the terminal visibly: no escape sequence or carriage return from the package reaches it', () => {
    const r = draw('run', pkg, '--balls', '048213', '--out', join(tempDir(), 'run'));
    expect(r.status, r.stderr).toBe(0);
    expect([...r.stdout].filter((ch) => ch !== '\n' && /[\p{Cc}\p{Cf}]/u.test(ch))).toEqual([]);
    expect(r.stdout).toContain('〈U+001B〉[31m');
    expect(r.stdout.split('\n')[0]).toContain(`海南省小客车增量指标配置〈U+000A〉${FORGED_SEED}`);
  });
});
