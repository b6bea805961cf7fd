// The three verifiers the public has, `draw verify`, python3 verify/draw_verify.py and
// verify.html (built by the project, opened from file:// in Chromium), on bundles crafted where
// two implementations could part: each refuses or accepts alike, at the same check, naming the
// same file (spec evidence-bundle: they MUST reach the same verdict on every bundle).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { draw } from './support/cli.ts';
import { forgedBundle } from './support/forge.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';
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
