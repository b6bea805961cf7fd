// The three verifiers the public has, `draw verify`, python3 verify/draw_verify.py and
// verify.html (built by the project, opened from file:// in Chromium), on bundles crafted where
// two implementations could part: each refuses or accepts alike, at the same check, naming the
// same file (spec evidence-bundle: they MUST reach the same verdict on every bundle).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { draw } from './support/cli.ts';
import { bundlePaths, dressAsRealDraw, forgedBundle, forgeJournal, journalRewrite, type ForgedRecord } from './support/forge.ts';
import { sha256hex, simpleEntries, tempDir, writePackage } from './support/packages.ts';
import { deflated, writeZip } from './support/zips.ts';
import { buildVerifyPage, drawVerdict, pageVerdict, pythonVerdict, type Said, type Verdict } from './support/verifiers.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

let bundle: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const work = tempDir();
  buildVerifyPage(join(work, 'page'));
  const pkg = writePackage([
    { id: 'P', name: '个人', entries: simpleEntries(30), quota: 4, alternates: 2 },
    { id: 'Q', name: '单位', entries: simpleEntries(9, 'C'), quota: 2 },
  ], { balls: 6 });
  bundle = join(work, 'bundle');
  const r = draw('ceremony', '--package', pkg, '--state', join(work, 'state'), '--out', bundle, '--rehearsal', '--auto-confirm', '--balls-from', 'simulate:048213');
  if (r.status !== 0) throw new Error(r.stderr);
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(pathToFileURL(join(work, 'page', 'verify.html')).href);
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

interface Three { draw: Said; python: Said & { rule?: string | undefined }; page: Said }

async function verdicts(dir: string): Promise<Three> {
  return { draw: drawVerdict(dir), python: pythonVerdict(dir), page: await pageVerdict(page, dir) };
}

function expectVerdicts(three: Three, expected: Verdict): void {
  expect({ draw: three.draw.verdict, python: three.python.verdict, page: three.page.verdict }).toEqual({ draw: expected, python: expected, page: expected });
}

/** The three verdicts on `dir`, each expected to be `expected`. */
async function expectAll(dir: string, expected: Verdict): Promise<Three> {
  const three = await verdicts(dir);
  expectVerdicts(three, expected);
  return three;
}

/** The command a text gives for the evidence digest (a line `grep … SHA256SUMS | sha256sum`). */
function digestCommand(text: string): string {
  const found = /^\s*(grep .* SHA256SUMS \| sha256sum)$/m.exec(text);
  expect(found, 'a grep … | sha256sum line').not.toBeNull();
  return found![1]!;
}

/** The command run by sh in the bundle folder, as a reader of README.txt runs it. */
function runDigestCommand(command: string, dir: string): string {
  const r = spawnSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split(' ')[0]!;
}

describe('files the bundle\'s own facts do not name', () => {
  it.each([
    ['results/正式中签名单.pdf'],
    ['results/P.csv.bak'],
    ['package/extra.csv'],
    ['publication/gbk/R.csv'],
    ['results/x  report.pdf'],
  ])('%s, listed in SHA256SUMS: refused by all three, naming it', async (name) => {
    const dir = forgedBundle(bundle, (d) => writeFileSync(join(d, name), 'forged'));
    const three = await expectAll(dir, { status: 1, check: 'package', where: name });
    expect(three.python.rule).toBe('file-extra');
  });

  it('the evidence digest command of README.txt and the spec gives the verifiers\' digest, also beside a file named "…  report.pdf"', async () => {
    const spec = readFileSync(join(root, 'docs/spec/evidence-bundle.md'), 'utf8');
    const sneaked = forgedBundle(bundle, (d) => writeFileSync(join(d, 'results/x  report.pdf'), 'forged'));
    for (const dir of [bundle, sneaked]) {
      const readme = readFileSync(join(dir, 'README.txt'), 'utf8');
      const three = await verdicts(dir);
      for (const command of [digestCommand(readme), digestCommand(spec)]) {
        const digest = runDigestCommand(command, dir);
        expect({ draw: three.draw.evidenceDigest, python: three.python.evidenceDigest, page: three.page.evidenceDigest }).toEqual({ draw: digest, python: digest, page: digest });
      }
      expectVerdicts(three, dir === bundle ? { status: 0 } : { status: 1, check: 'package', where: 'results/x  report.pdf' });
    }
  });
});

/** Lines of a file, each with its LF. */
const linesOf = (bytes: Buffer) => bytes.toString('latin1').split(/(?<=\n)/);
/** The file `name` of a bundle, its bytes changed by `change` (read and written byte for byte). */
const rewrite = (name: string, change: (bytes: Buffer) => Buffer) => (dir: string) => writeFileSync(join(dir, name), change(readFileSync(join(dir, name))));
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('SHA256SUMS and journal.jsonl are read exactly: UTF-8, no byte-order mark, an LF after every line, no line twice', () => {
  const sumsLines = () => linesOf(readFileSync(join(bundle, 'SHA256SUMS'))).length;

  it.each([
    ['SHA256SUMS without its last LF', rewrite('SHA256SUMS', (b) => b.subarray(0, -1)), () => sumsLines()],
    ['SHA256SUMS after a byte-order mark', rewrite('SHA256SUMS', (b) => Buffer.concat([BOM, b])), () => 1],
    ['SHA256SUMS with a byte that is not UTF-8 in its third line', rewrite('SHA256SUMS', (b) => {
      const lines = linesOf(b);
      lines[2] = lines[2]!.replace('\n', '\xff\n');
      return Buffer.from(lines.join(''), 'latin1');
    }), () => 3],
    ['SHA256SUMS listing a file twice', rewrite('SHA256SUMS', (b) => {
      const lines = linesOf(b);
      lines.splice(2, 0, lines[1]!);
      return Buffer.from(lines.join(''), 'latin1');
    }), () => 3],
    ['SHA256SUMS listing a file that is not there, and a malformed line after it: the line first', rewrite('SHA256SUMS', (b) => {
      const lines = linesOf(b);
      lines[1] = lines[1]!.replace('\n', '.gone\n');
      lines[4] = `x${lines[4]!}`;
      return Buffer.from(lines.join(''), 'latin1');
    }), () => 5],
  ])('%s: refused by all three at that line', async (_name, change, line) => {
    const three = await expectAll(forgedBundle(bundle, change, false), { status: 1, check: 'sums', where: `SHA256SUMS:${line()}` });
    expect(three.python.rule).toBe('sums-line');
  });

  const records = () => linesOf(readFileSync(join(bundle, 'journal.jsonl')));
  it.each([
    ['journal.jsonl without its last LF', rewrite('journal.jsonl', (b) => b.subarray(0, -1)), () => records().length, 'journal-line'],
    ['journal.jsonl after a byte-order mark', rewrite('journal.jsonl', (b) => Buffer.concat([BOM, b])), () => 1, 'journal-json'],
    // U+FFFD hashed into the chain, its bytes then replaced by one that is not UTF-8: read as U+FFFD, the chain would hold.
    ['journal.jsonl with a byte that is not UTF-8 in a reading', (dir: string) => {
      const path = join(dir, 'journal.jsonl');
      writeFileSync(path, forgeJournal(readFileSync(path, 'utf8'), (r) => {
        if (r.type === 'ball-drawn' && r.data.n === 2) r.data.reading = `${String(r.data.reading)}\ufffd`;
      }));
      rewrite('journal.jsonl', (b) => Buffer.from(b.toString('latin1').replace('\xef\xbf\xbd', '\xff'), 'latin1'))(dir);
    }, () => records().findIndex((l) => /"n":2,/.test(l) && l.includes('"ball-drawn"')) + 1, 'journal-json'],
    ['journal.jsonl with record 3 changed and line 6 not JSON: the chain\'s break first', rewrite('journal.jsonl', (b) => {
      const lines = linesOf(b);
      lines[2] = lines[2]!.replace(/"time":"[^"]*"/, '"time":"2000-01-01T00:00:00.000Z"');
      lines[5] = '{"seq":\n';
      return Buffer.from(lines.join(''), 'latin1');
    }), () => 3, 'journal-hash'],
  ])('%s: refused by all three at that line', async (_name, change, line, rule) => {
    const three = await expectAll(forgedBundle(bundle, change), { status: 1, check: 'journal-chain', where: `journal.jsonl:${line()}` });
    expect(three.python.rule).toBe(rule);
  });
});

describe('what the evidence digest is compared with', () => {
  // report.pdf is outside the evidence digest: a forger replaces it at will. What counts is the paper the notary signed.
  it('README.txt, the Python verifier and the page send the reader to the paper report the notary signed, never to report.pdf', async () => {
    const said = {
      readme: readFileSync(join(bundle, 'README.txt'), 'utf8'),
      python: pythonVerdict(bundle).text,
      page: (await pageVerdict(page, bundle)).text,
    };
    for (const [who, text] of Object.entries(said)) {
      const flat = text.replace(/\s+/g, ' ');
      expect(flat, who).toContain('公证员签字的纸质报告');
      expect(flat, who).toContain('the paper report the notary signed');
      expect(flat, who).toMatch(/report\.pdf in this folder .*proves nothing by itself/);
      expect(flat, who).not.toMatch(/signed report\.pdf|签字的 report\.pdf/);
    }
  });
});

describe('what a bundle cannot prove', () => {
  // The PIN's MACs stay in the kiosk (a 6-digit PIN could be found from them): a journal rewritten
  // to say the notary confirmed, with its chain and every digest made to match, checks out.
  it('a rehearsal rewritten as a real draw confirmed by the notary verifies: the verifiers say the journal records it, never that the PIN was checked', async () => {
    const forged = forgedBundle(bundle, (d) => {
      dressAsRealDraw(d);
      const summary = join(d, 'results/results.json');
      writeFileSync(summary, readFileSync(summary, 'utf8').replace('"rehearsal": true', '"rehearsal": false'));
      const journal = join(d, 'journal.jsonl');
      writeFileSync(journal, forgeJournal(readFileSync(journal, 'utf8'), (r) => {
        if (r.type === 'ball-drawn') Object.assign(r.data, { source: 'manual', reading: `host: ${String(r.data.digit)}, notary: ${String(r.data.digit)}` });
        if (r.type === 'results-computed') r.data.resultsJsonSha256 = sha256hex(readFileSync(summary));
      }));
    });
    const three = await expectAll(forged, { status: 0 });
    for (const [who, said] of Object.entries(three)) {
      const flat = said.text.replace(/\s+/g, ' ');
      expect(flat, who).toContain('the PIN cannot be checked from the bundle');
      expect(flat, who).toContain('PIN 无法从证据包核验');
      expect(flat, who).not.toMatch(/公证员本人（PIN）|notary's own \(PIN\)|with the notary's PIN|notary \(PIN\)|有公证员 PIN/);
    }
  });
});

describe('free text inside a refusal\'s words', () => {
  // A host's abort reason, or a "digit" that is a bidi override, goes into the words of the refusal.
  const HOSTILE = '断电\u202e \n通过 VERIFIED\u2028\u200b<b>x</b>';
  const hidden = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
  const event = (type: string, data: Record<string, unknown>): ForgedRecord => ({ seq: 0, time: '2026-11-23T13:00:00.000Z', type, data, prev: '', hash: '' });

  it.each([
    ['an event after an abort whose reason holds line breaks and bidi overrides', journalRewrite((rs) => {
      rs.push(event('ceremony-aborted', { reason: HOSTILE, by: 'rehearsal-auto' }), event('reveal-progressed', { pool: 0, page: 0 }));
    }), 13, 'aborted'],
    ['a ball whose digit is a bidi override', journalRewrite((rs) => {
      rs.find((r) => r.type === 'ball-drawn' && r.data.n === 2)!.data.digit = '\u202e';
    }), 5, 'ball-digit'],
  ])('%s: refused alike, and the page shows every character, isolated', async (_name, change, line, rule) => {
    const three = await expectAll(forgedBundle(bundle, change), { status: 1, check: 'journal-facts', where: `journal.jsonl:${line}` });
    expect(three.python.rule).toBe(rule);
    expect(three.draw.text).not.toMatch(/[\p{Cf}\p{Zl}\p{Zp}]/u);
    const failure = await page.locator('#outcome').evaluate((el) => [...el.querySelectorAll('.reason')].map((reason) => ({
      text: reason.textContent!,
      // Every text node of the words sits in a <bdi>: nothing in them reorders the page's own words.
      loose: [reason, ...reason.querySelectorAll('.en')].flatMap((p) => [...p.childNodes].filter((c) => c.nodeType === 3).map((c) => c.textContent!))
        .filter((t) => t.trim() && t !== '：'),
    })));
    expect(failure.length).toBeGreaterThan(0); // the verdict's and the failed check's
    for (const { text, loose } of failure) {
      expect(text).not.toMatch(hidden);
      expect(text).toContain('〈U+202E〉');
      expect(loose).toEqual([]);
    }
  });
});

describe('files an operating system adds, and a folder that is no bundle', () => {
  // Finder, Explorer and macOS's zipping add these to a copy of the bundle: named as such, with what to do, not as a forgery.
  const OS_WORDS = /the operating system added this file.*no sign of tampering/;

  it.each([['.DS_Store'], ['results/._P.csv'], ['Thumbs.db'], ['publication/desktop.ini']])('%s beside an honest bundle: refused by all three, named as what the operating system adds', async (name) => {
    const dir = forgedBundle(bundle, (d) => {
      mkdirSync(join(d, name, '..'), { recursive: true });
      writeFileSync(join(d, name), 'Bud1');
    }, false);
    const three = await expectAll(dir, { status: 1, check: 'sums', where: name });
    expect(three.python.rule).toBe('os-metadata');
    for (const [who, said] of Object.entries(three)) expect(said.en, who).toMatch(OS_WORDS);
  });

  it('a zip made on macOS, its __MACOSX/ at the root beside the files: refused by all three, named as what the operating system adds', async () => {
    const zip = join(tempDir(), 'bundle.zip');
    writeZip(zip, [...bundlePaths(bundle).map((n) => deflated(n, readFileSync(join(bundle, n)))), deflated('__MACOSX/._SHA256SUMS', 'Mac OS X')]);
    const three = await expectAll(zip, { status: 1, check: 'sums', where: '__MACOSX/._SHA256SUMS' });
    expect(three.python.rule).toBe('os-metadata');
    for (const [who, said] of Object.entries(three)) expect(said.en, who).toMatch(OS_WORDS);
  });

  it('a folder without SHA256SUMS is not a bundle: exit 2 from both command lines, "could not be read" on the page', async () => {
    const dir = forgedBundle(bundle, (d) => rmSync(join(d, 'SHA256SUMS')), false);
    const three = await expectAll(dir, { status: 2, where: 'SHA256SUMS' });
    expect(three.python.rule).toBe('not-a-bundle');
    for (const [who, said] of Object.entries(three)) expect(said.en ?? said.text, who).toMatch(/not a bundle/);
  });

  it('a zip made on macOS of the bundle\'s folder, __MACOSX/ beside it: not a bundle at its root, and the words say why', async () => {
    const zip = join(tempDir(), 'bundle.zip');
    writeZip(zip, [...bundlePaths(bundle).map((n) => deflated(`bundle/${n}`, readFileSync(join(bundle, n)))), deflated('__MACOSX/bundle/._SHA256SUMS', 'Mac OS X')]);
    const three = await expectAll(zip, { status: 2, where: 'SHA256SUMS' });
    expect(three.python.rule).toBe('not-a-bundle');
    for (const [who, said] of Object.entries(three)) expect(said.en ?? said.text, who).toMatch(/__MACOSX/);
  });
});
