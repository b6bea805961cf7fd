// The three verifiers of an evidence bundle run as the public runs them: `draw verify`, the
// Python verifier in a real python3, and verify.html built by the project and opened from
// file:// in Chromium. What each concluded is put in one shape, so a test can ask that they
// agree (spec evidence-bundle: they MUST reach the same verdict on every bundle).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { draw } from './cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PYTHON_VERIFIER = fileURLToPath(new URL('../../verify/draw_verify.py', import.meta.url));

/** Builds verify.html with the project's build into `outDir`; returns the folder's files. */
export function buildVerifyPage(outDir: string): string[] {
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '-c', 'vite.verify.config.ts', '--outDir', outDir, '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build:verify failed:\n${r.stdout}\n${r.stderr}`);
  return readdirSync(outDir, { recursive: true, encoding: 'utf8' });
}

/** What a verifier concluded. */
export interface Verdict {
  /** As the command lines exit: 0 verified, 1 a check failed, 2 not read as a bundle (the page: "could not be read"). */
  readonly status: number;
  /** The check that failed. */
  readonly check?: string | undefined;
  /** The file it names, with ":line" where there is one. */
  readonly where?: string | undefined;
}

/** A verdict and what else the verifier said: its words for the failure, the evidence digest it computed. */
export interface Said {
  readonly verdict: Verdict;
  readonly zh?: string | undefined;
  readonly en?: string | undefined;
  readonly evidenceDigest?: string | undefined;
  /** Everything it printed (or the page showed), for words a test looks for. */
  readonly text: string;
}

interface JsonCheck { id: string; ok: boolean; zh: string; en: string; file?: string; line?: number; rule?: string }
interface JsonReport { ok: boolean; checks: JsonCheck[]; facts?: { evidenceDigest: string } }

function fromJson(status: number, report: JsonReport, text: string): Said {
  const failed = report.checks.find((c) => !c.ok);
  const where = failed?.file === undefined ? undefined : failed.line === undefined ? failed.file : `${failed.file}:${failed.line}`;
  return {
    verdict: failed ? { status, check: failed.id, where } : { status },
    zh: failed?.zh, en: failed?.en, evidenceDigest: report.facts?.evidenceDigest, text,
  };
}

/** An input error's line, `FILE[:LINE]: rule: zh / en`, as both command lines print it. */
function unreadable(stderr: string): Said {
  const m = /^(.*?): ([a-z0-9-]+): (.*) \/ (.*)$/m.exec(stderr);
  return { verdict: { status: 2, where: m?.[1] }, zh: m?.[3], en: m?.[4], text: stderr };
}

export function drawVerdict(dir: string): Said {
  const json = draw('verify', '--json', dir);
  if (json.status === 2) return unreadable(json.stderr);
  return fromJson(json.status!, JSON.parse(json.stdout) as JsonReport, draw('verify', dir).stdout);
}

function python(...args: string[]) {
  return spawnSync('python3', [PYTHON_VERIFIER, ...args], { encoding: 'utf8', timeout: 120_000 });
}

export function pythonVerdict(dir: string): Said & { rule?: string | undefined } {
  const json = python(dir, '--json');
  const text = python(dir);
  if (json.status === 2) return { ...unreadable(json.stderr), rule: (JSON.parse(json.stdout) as { error: { rule: string } }).error.rule };
  const report = JSON.parse(json.stdout) as JsonReport;
  return { ...fromJson(json.status!, report, text.stdout), rule: report.checks.find((c) => !c.ok)?.rule };
}

export interface Shown {
  ok: boolean;
  verdict: string;
  reason: string | null;
  /** The file the reason names, and its words. */
  file: string | null;
  zh: string | null;
  en: string | null;
  checks: [string, boolean][];
  kind: string | null;
  /** The facts listed, by the Chinese of each one's name. */
  facts: Record<string, string>;
  /** Everything the outcome shows. */
  text: string;
}

/** What verify.html shows once it has judged the bundle. */
export async function shown(page: Page): Promise<Shown> {
  await page.locator('#outcome .verdict').waitFor();
  return page.locator('#outcome').evaluate((el) => ({
    ok: el.querySelector('.verdict')!.classList.contains('ok'),
    verdict: el.querySelector('.verdict')!.textContent!,
    reason: el.querySelector('.verdict .reason')?.textContent ?? null,
    file: el.querySelector('.verdict .reason .file')?.textContent ?? null,
    ...((reason) => {
      if (!reason) return { zh: null, en: null };
      const zh = reason.cloneNode(true) as typeof reason;
      for (const other of zh.querySelectorAll('.file, .en')) other.remove();
      return { zh: zh.textContent!.replace(/^：/, ''), en: reason.querySelector('.en')?.textContent ?? null };
    })(el.querySelector('.verdict .reason')),
    checks: [...el.querySelectorAll('ol.checks li')].map((li): [string, boolean] => [li.getAttribute('data-check')!, li.classList.contains('ok')]),
    kind: el.querySelector('.kind')?.textContent ?? null,
    facts: Object.fromEntries([...el.querySelectorAll('dl.facts dt')].map((dt) => [dt.firstChild!.textContent!, dt.nextElementSibling!.textContent!])),
    text: el.innerText,
  }));
}

export async function pickFolder(page: Page, dir: string): Promise<Shown> {
  await page.locator('#outcome').evaluate((el) => el.replaceChildren()); // the last bundle's outcome is not this one's
  await page.setInputFiles('#pick-folder', dir);
  return shown(page);
}

/** What verify.html shows for `zip`, picked as a .zip. */
export async function pickZip(page: Page, zip: string): Promise<Shown> {
  await page.locator('#outcome').evaluate((el) => el.replaceChildren());
  await page.setInputFiles('#pick-zip', zip);
  return shown(page);
}

/** verify.html's verdict on the bundle at `path` (a folder, or a file ending in .zip), picked in `page` (the page opened from file://). */
export async function pageVerdict(page: Page, path: string): Promise<Said> {
  const s = await (path.endsWith('.zip') ? pickZip(page, path) : pickFolder(page, path));
  const failed = s.checks.find(([, ok]) => !ok);
  const where = s.file ?? undefined;
  const verdict: Verdict = s.ok ? { status: 0 } : failed ? { status: 1, check: failed[0], where } : { status: 2, where };
  const digest = Object.entries(s.facts).find(([name]) => name.startsWith('证据摘要'))?.[1].replace(/ /g, '');
  return { verdict, zh: s.zh ?? undefined, en: s.en ?? undefined, evidenceDigest: digest, text: s.text };
}
