// verify/verify.html as a member of the public uses it: opened from file:// in Chromium, a
// bundle picked as its folder or as a .zip, each check shown passing or failing in plain
// words with the facts to compare with the paper record. Forged bundles are rejected with the
// reason; the page makes no request, logs no error and breaks none of its own policy; hostile
// text stays text; and the page's own built code runs every conformance vector. Expected
// values are computed here from the bundle's files with node:crypto, not by the code under test.
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { draw, drawOnTerminalWith } from './support/cli.ts';
import { bundlePaths, dressAsRealDraw, forgeJournal } from './support/forge.ts';
import { sha256hex, simpleEntries, tempDir, writePackage, type TestPool } from './support/packages.ts';
import { deflated, writeZip } from './support/zips.ts';
import { NAME_OPTIONS } from './support/ceremony-names.ts';
import { buildVerifyPage, pickFolder, pickZip } from './support/verifiers.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const VECTORS = join(root, 'docs', 'spec', 'vectors');

const POOL: TestPool = { id: 'P', name: '个人普通小客车', entries: simpleEntries(30), quota: 4, alternates: 2 };
const BALLS = '048213';
const PIN = '246810';

const work = tempDir();
const pageDir = join(work, 'page');
let pageUrl: string;
let real: string;
let rehearsal: string;

beforeAll(() => {
  buildVerifyPage(pageDir);
  pageUrl = pathToFileURL(join(pageDir, 'verify.html')).href;
  const pkg = writePackage([POOL], { balls: 6 });
  rehearsal = join(work, 'rehearsal');
  const r = draw('ceremony', '--package', pkg, '--state', join(work, 'rehearsal-state'), '--out', rehearsal, '--rehearsal', '--auto-confirm', '--balls-from', `simulate:${BALLS}`);
  if (r.status !== 0) throw new Error(r.stderr);
  // A real draw: balls typed in (the manual dual entry's stand-in on stdin), the notary's PIN on a real terminal at each prompt.
  const balls = join(work, 'balls.txt');
  writeFileSync(balls, [...BALLS].map((d) => `${d}\n`).join(''));
  real = join(work, 'real');
  const made = drawOnTerminalWith({ stdinFile: balls }, Array(6).fill(PIN), 'ceremony', '--package', pkg, '--state', join(work, 'real-state'), '--out', real, ...NAME_OPTIONS, '--balls-from', 'stdin');
  if (made.status !== 0) throw new Error(made.output);
}, 120_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  /** Everything the page asked for besides itself and its own worker's blob: URL. */
  requests: string[];
  workers: string[];
  problems: string[];
}

/** The page opened from file://, every request, worker, error, console error and policy violation recorded. */
async function open(): Promise<Opened> {
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  const opened: Opened = { page, requests: [], workers: [], problems: [] };
  page.on('request', (r) => {
    if (r.url() !== pageUrl && !r.url().startsWith('blob:null/')) opened.requests.push(r.url());
  });
  page.on('worker', (w) => {
    opened.workers.push(w.url());
    w.on('console', (m) => opened.problems.push(`worker console ${m.type()}: ${m.text()}`));
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') opened.problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => opened.problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    opened.problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(`window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));`);
  await page.goto(pageUrl);
  return opened;
}

/** Nothing was fetched, logged as an error, refused by the policy or injected; then the page is closed. */
async function expectClean(opened: Opened): Promise<void> {
  const violations = await opened.page.evaluate('window.violations');
  expect({ requests: opened.requests, problems: opened.problems, violations }).toEqual({ requests: [], problems: [], violations: [] });
  for (const w of opened.workers) expect(w).toMatch(/^blob:null\//);
  await opened.page.close();
}

const ALL_CHECKS = ['sums', 'journal-chain', 'journal-facts', 'package', 'seed', 'results:P', 'results-summary', 'gbk:P', 'announcement'];

/** The checks up to `failing`, all passing but that one. */
const upTo = (failing: string): [string, boolean][] => ALL_CHECKS.slice(0, ALL_CHECKS.indexOf(failing) + 1).map((id) => [id, id !== failing]);

// The facts as the spec defines them, computed here.
const grouped = (hex: string) => hex.match(/.{4}/g)!.join(' ');
const lp = (s: string | Buffer) => {
  const bytes = typeof s === 'string' ? Buffer.from(s) : s;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
};
const masterSeedOf = (sealDigest: string, balls: string) => sha256hex(Buffer.concat([lp('draw/v1/master'), lp(sealDigest), lp(balls)]));
const evidenceDigestOf = (bundle: string) => sha256hex(readFileSync(join(bundle, 'SHA256SUMS'), 'utf8').split('\n').filter((l) => l && !l.endsWith('  report.pdf')).map((l) => `${l}\n`).join(''));
const beijing = (iso: string) => `${new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')} (北京时间 UTC+8)`;
const journal = (bundle: string) => readFileSync(join(bundle, 'journal.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; time: string; hash: string; data: Record<string, unknown> });

describe('the page itself', () => {
  it('is one self-contained file, built to the same bytes every time', () => {
    const again = join(work, 'page-again');
    expect(buildVerifyPage(again)).toEqual(['verify.html']);
    expect(readdirSync(pageDir)).toEqual(['verify.html']);
    expect(readFileSync(join(again, 'verify.html')).equals(readFileSync(join(pageDir, 'verify.html')))).toBe(true);
    const html = readFileSync(join(pageDir, 'verify.html'), 'utf8');
    // Nothing to load: no src, no href but the empty data: icon, no url() in the style.
    expect(html.match(/\b(src|href)=/g)).toEqual(['href=']);
    expect(html).toContain('<link rel="icon" href="data:," />');
    expect(html).not.toMatch(/url\(|@import|https?:\/\//);
  });

  it('has a strict policy: only its own inlined script and style, by hash; nothing fetched or connected', async () => {
    const opened = await open();
    const { page } = opened;
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    const directives = new Map(csp!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    const hash = (text: string | null) => `'sha256-${createHash('sha256').update(text!).digest('base64')}'`;
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual([hash(await page.locator('script').textContent())]);
    expect(directives.get('style-src')).toEqual([hash(await page.locator('style').textContent())]);
    expect(directives.get('connect-src')).toEqual(["'none'"]);
    expect(directives.get('worker-src')).toEqual(['blob:']);
    expect(csp).not.toContain('unsafe');
    // Chinese first, English beneath.
    expect(await page.locator('h1').innerText()).toBe('摇号证据包核验\nDraw evidence bundle verifier');
    await expectClean(opened);
  });
});

describe('a good bundle', () => {
  it('a real draw, picked as its folder: every check passes, with the facts to compare with the paper record', async () => {
    const opened = await open();
    const { page } = opened;
    const result = await pickFolder(page, real);
    expect(result).toMatchObject({ ok: true, reason: null, checks: ALL_CHECKS.map((id) => [id, true]), kind: '正式摇号Real draw' });
    expect(result.verdict).toMatch(/^✓ 核验通过.*✓ Verified/);
    // The checking ran in a worker, off the page's own thread.
    expect(opened.workers).toHaveLength(1);

    const facts = await page.locator('dl.facts').evaluate((dl) => Object.fromEntries([...dl.querySelectorAll('dt')].map((dt) => [dt.firstChild!.textContent, dt.nextElementSibling!.textContent])));
    const sealDigest = sha256hex(readFileSync(join(real, 'package', 'manifest.json')));
    const created = journal(real).find((r) => r.type === 'ceremony-created')!;
    expect(facts).toEqual({
      标题: '测试 Test',
      期号: 'test-1',
      性质: '正式摇号real draw',
      仪式编号: created.data.ceremonyId,
      '封存摘要（与公证记录核对）': grouped(sealDigest),
      '种子（球号）': BALLS,
      主种子: grouped(masterSeedOf(sealDigest, BALLS)),
      '证据摘要（与签字的纸质报告核对）': grouped(evidenceDigestOf(real)),
    });
    const cells = (table: number) => page.locator('#outcome table').nth(table).evaluate((t) => [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText)));
    expect(await cells(0)).toEqual([...BALLS].map((d, i) => [String(i + 1), d, '人工录入\nmanual entry']));
    // Each confirmation the journal holds, in Beijing time, with the journal's head once it was recorded.
    const confirmed = journal(real).filter((r) => r.data.by === 'notary');
    expect(confirmed.map((r) => r.type)).toEqual(['seal-digest-confirmed', 'seed-confirmed']);
    expect(await cells(1)).toEqual([
      ['确认封存摘要\nseal digest confirmed', beijing(confirmed[0]!.time), '公证员\nnotary', grouped(confirmed[0]!.hash)],
      ['确认种子\nseed confirmed', beijing(confirmed[1]!.time), '公证员\nnotary', grouped(confirmed[1]!.hash)],
    ]);
    expect(await cells(2)).toEqual([['P', POOL.name, '4', '2', grouped(sha256hex(readFileSync(join(real, 'results', 'P.csv'))))]]);
    await expectClean(opened);
  });

  it('the same bundle as a .zip of its folder; a rehearsal says so above everything', async () => {
    const opened = await open();
    const zip = join(work, 'real.zip');
    writeZip(zip, bundlePaths(real).map((name) => deflated(`bundle-2026-11/${name}`, readFileSync(join(real, name)))));
    const result = await pickZip(opened.page, zip);
    expect(result).toMatchObject({ ok: true, checks: ALL_CHECKS.map((id) => [id, true]), kind: '正式摇号Real draw' });

    const zipped = join(work, 'rehearsal.zip');
    writeZip(zipped, bundlePaths(rehearsal).map((name) => deflated(name, readFileSync(join(rehearsal, name))))); // at the zip's root
    const shownRehearsal = await pickZip(opened.page, zipped);
    expect(shownRehearsal).toMatchObject({ ok: true, checks: ALL_CHECKS.map((id) => [id, true]) });
    expect(shownRehearsal.kind).toBe('演练 —— 不是正式摇号，结果无效REHEARSAL — not a real draw; these results count for nothing');
    expect(await opened.page.locator('#outcome > *').first().getAttribute('class')).toBe('kind rehearsal');
    await expectClean(opened);
  });
});

/** A copy of `bundle` with `change` applied; SHA256SUMS rewritten to match unless `resum` is false. */
function forged(bundle: string, change: (dir: string) => void, resum = true): string {
  const dir = tempDir();
  cpSync(bundle, dir, { recursive: true });
  change(dir);
  if (resum) {
    const names = readFileSync(join(dir, 'SHA256SUMS'), 'utf8').split('\n').filter(Boolean).map((line) => line.slice(66));
    writeFileSync(join(dir, 'SHA256SUMS'), names.filter((n) => bundlePaths(dir).includes(n)).map((n) => `${sha256hex(readFileSync(join(dir, n)))}  ${n}\n`).join(''));
  }
  return dir;
}

const edit = (file: string, from: RegExp | string, to: string) => (dir: string) => {
  const text = readFileSync(join(dir, file), 'latin1');
  const next = text.replace(from, to);
  expect(next).not.toBe(text);
  writeFileSync(join(dir, file), next, 'latin1');
};

describe('forged bundles are rejected, with the reason', () => {
  let opened: Opened;
  beforeAll(async () => {
    opened = await open();
  });
  afterAll(async () => {
    await expectClean(opened);
  });

  const cases: { name: string; bundle: () => string; change: (dir: string) => void; resum?: boolean; check: string; reason: RegExp }[] = [
    {
      name: 'a changed result',
      bundle: () => real,
      change: edit('results/P.csv', /^2,A\d\d,/m, '2,A29,'),
      check: 'results:P',
      reason: /^results\/P\.csv：重新计算的结果与此文件不符the recomputed result differs from this file$/,
    },
    {
      name: 'a changed ball, the seed changed to match, the chain recomputed',
      bundle: () => real,
      change: (dir) => {
        const path = join(dir, 'journal.jsonl');
        writeFileSync(path, forgeJournal(readFileSync(path, 'utf8'), (r) => {
          if (r.type === 'ball-drawn' && r.data.n === 2) r.data.digit = '5';
          if (r.type === 'seed-confirmed') r.data.seed = '058213';
        }));
      },
      check: 'seed',
      reason: /^journal\.jsonl:\d+：.*the journaled master seed is not the one derived from the seal digest and the seed$/,
    },
    {
      name: 'a changed announcement row',
      bundle: () => real,
      change: edit('announcement.html', /(data-rank="2" data-status="winner">.*?<td class="code">)A\d\d</, '$1A29<'),
      check: 'announcement',
      reason: /^announcement\.html(:\d+)?：/,
    },
    {
      name: 'a changed GBK CSV line',
      bundle: () => real,
      change: edit('publication/gbk/P.csv', /\r\n2,A\d\d,/, '\r\n2,A29,'),
      check: 'gbk:P',
      reason: /^publication\/gbk\/P\.csv(:\d+)?：/,
    },
    {
      name: 'a removed file',
      bundle: () => real,
      change: (dir) => rmSync(join(dir, 'results', 'results.json')),
      resum: false,
      check: 'sums',
      reason: /^results\/results\.json：SHA256SUMS 列出的文件缺失a file listed in SHA256SUMS is missing$/,
    },
    {
      name: 'a removed file, its line taken out of SHA256SUMS',
      bundle: () => real,
      change: (dir) => rmSync(join(dir, 'spec', 'draw-v1.md')),
      check: 'sums',
      reason: /^spec\/draw-v1\.md：.*every bundle holds$/,
    },
    {
      name: 'a rehearsal dressed up as a real draw: its simulated balls',
      bundle: () => rehearsal,
      change: (dir) => {
        dressAsRealDraw(dir);
      },
      check: 'journal-facts',
      reason: /^journal\.jsonl:4：.*a real draw takes balls only from the ball machine or the manual dual entry, never from the simulator$/,
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const result = await pickFolder(opened.page, forged(c.bundle(), c.change, c.resum));
      expect(result.ok).toBe(false);
      expect(result.verdict).toMatch(/^✗ 核验未通过.*✗ NOT verified/);
      expect(result.checks).toEqual(upTo(c.check));
      expect(result.reason).toMatch(c.reason);
    });
  }

  it('a file that is not a zip', async () => {
    const notZip = join(work, 'bundle.zip');
    writeFileSync(notZip, 'this is not a zip file\n');
    const result = await pickZip(opened.page, notZip);
    expect(result).toMatchObject({ ok: false, checks: [] });
    expect(result.verdict).toMatch(/^✗ 无法读取证据包✗ The bundle could not be read/);
    expect(result.reason).toMatch(/^bundle\.zip：无法读取 zip：.*cannot read the zip: /);
  });
});

describe('hostile text in the package', () => {
  // Markup, bidi overrides, line breaks and invisible characters, as tests/publication-hostile.test.ts does.
  const TITLE = '海南\n种子（球号） Seed (the balls): 999999\n正式摇号 Real draw </script><script>window.__injected=1</script> "\'><img src=x onerror="window.__injected=2"> \u202E第 1 名\u2069 \u200B\u0000\u001B[31m';
  const NAME = '<b>个人</b>\u2028\u202D普通\uFEFF';
  const shownText = (s: string) => s.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu, (ch) => `〈U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}〉`);

  it('shows the title and pool name as text, each invisible character as its code point, isolated', async () => {
    const pkg = writePackage([{ ...POOL, name: NAME }], { balls: 6, manifest: (m) => { m.title = TITLE; } });
    const bundle = join(tempDir(), 'bundle');
    const r = draw('ceremony', '--package', pkg, '--state', join(tempDir(), 'state'), '--out', bundle, '--rehearsal', '--auto-confirm', '--balls-from', `simulate:${BALLS}`);
    expect(r.status, r.stderr).toBe(0);
    const opened = await open();
    const result = await pickFolder(opened.page, bundle);
    expect(result.ok).toBe(true);
    const found = await opened.page.locator('html').evaluate((root) => {
      const doc = root.ownerDocument;
      return {
        injected: (doc.defaultView as unknown as { __injected?: number }).__injected ?? null,
        scripts: doc.scripts.length,
        foreign: [...doc.querySelectorAll('img, svg, a, iframe, object, embed, b')].map((e) => e.outerHTML.slice(0, 80)),
        title: doc.querySelector('dl.facts dd bdi')!.textContent,
        pool: doc.querySelectorAll('#outcome table')[2]!.querySelector('tbody bdi')!.textContent,
      };
    });
    expect(found).toEqual({ injected: null, scripts: 1, foreign: [], title: shownText(TITLE), pool: shownText(NAME) });
    await expectClean(opened);
  });
});

describe('a large bundle', () => {
  it('is checked in the worker while the page keeps responding, showing where it is', async () => {
    const pkg = writePackage([{ id: 'P', name: '大池', entries: simpleEntries(200_000), quota: 2000, alternates: 200 }], { balls: 6 });
    const bundle = join(tempDir(), 'bundle');
    const r = draw('ceremony', '--package', pkg, '--state', join(tempDir(), 'state'), '--out', bundle, '--rehearsal', '--auto-confirm', '--balls-from', `simulate:${BALLS}`);
    expect(r.status, r.stderr).toBe(0);
    const opened = await open();
    const { page } = opened;
    // The page's own event loop: a tick every 5 ms, and every progress text shown, with when.
    await page.evaluate(`window.ticks = []; setInterval(() => window.ticks.push(performance.now()), 5);
      window.seen = []; new MutationObserver(() => window.seen.push([performance.now(), document.getElementById('progress-text').textContent]))
        .observe(document.getElementById('progress-text'), { childList: true, subtree: true, characterData: true });`);
    const result = await pickFolder(page, bundle);
    expect(result.ok).toBe(true);
    const { ticks, seen } = await page.evaluate('({ ticks: window.ticks, seen: window.seen })') as { ticks: number[]; seen: [number, string][] };
    const texts = seen.map(([, text]) => text);
    expect(texts).toContain('正在核对 package/P.csvChecking package/P.csv');
    expect(texts.some((t) => t.startsWith('正在计算各文件的 SHA-256'))).toBe(true);
    // While the worker recomputed the draw (from reading the pool file to the results), the page's timer kept firing.
    // (The check reads every file once for SHA256SUMS, then the pool file again to draw from it, then the result file to compare.)
    const lastShown = (file: string) => seen.findLast(([, t]) => t.includes(file))![0];
    expect(ticks.filter((t) => t > lastShown('package/P.csv') && t < lastShown('results/P.csv')).length).toBeGreaterThan(0);
    await expectClean(opened);
  });
});

describe('the conformance vectors', () => {
  const files = readdirSync(VECTORS).filter((f) => f.endsWith('.json')).sort();
  const texts = files.map((f) => readFileSync(join(VECTORS, f), 'utf8'));
  const cases = texts.flatMap((t) => (JSON.parse(t) as { kind: string; cases: { name: string }[] }).cases.map((c) => ({ kind: (JSON.parse(t) as { kind: string }).kind, name: c.name })));
  const run = async (page: Page, input: string[]) => page.evaluate((t) => (globalThis as unknown as { drawVerify: { runVectors(t: string[]): Promise<{ kind: string; name: string; ok: boolean; detail?: string }[]> } }).drawVerify.runVectors(t), input);

  it('every case of every file passes with the page\'s own built code', async () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
    const opened = await open();
    const results = await run(opened.page, texts);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.map(({ kind, name }) => ({ kind, name }))).toEqual(cases);
    await expectClean(opened);
  });

  it('a case whose expected value is wrong fails, and so does a file of a kind the runner does not know', async () => {
    const opened = await open();
    const seed = JSON.parse(readFileSync(join(VECTORS, 'seed.json'), 'utf8')) as { cases: { name: string; masterSeed: string }[] };
    const wrong = seed.cases[0]!;
    wrong.masterSeed = `${wrong.masterSeed[0] === '0' ? '1' : '0'}${wrong.masterSeed.slice(1)}`;
    const results = await run(opened.page, [JSON.stringify(seed), JSON.stringify({ format: 'draw-vectors/1', spec: 'draw-v1', kind: 'new-kind', cases: [] })]);
    expect(results.filter((r) => !r.ok).map((r) => r.name)).toEqual([wrong.name, '(file)']);
    expect(results.find((r) => r.name === wrong.name)!.detail).toContain(wrong.masterSeed);
    await expectClean(opened);
  });
});
