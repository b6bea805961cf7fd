// One evidence digest (spec evidence-bundle §3): the value recomputed here from the bundle's
// SHA256SUMS is the one the journal's bundle-written fact carries, writeBundle answers, the
// console and the stage show (in Chromium), the report prints (pdftotext), README.txt's recipe
// gives, both verifiers print, and `draw ceremony` prints.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../electron/node/failure.ts';
import { lastRevealPage } from './support/reveal-end.ts';
import { launchBrowser } from './support/browser.ts';
import { draw } from './support/cli.ts';
import { applicantCodes, startScenario } from './support/scenario.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';

/** SHA-256 of SHA256SUMS without report.pdf's line, computed here with node:crypto and string code alone. */
function recomputed(bundle: string): string {
  const lines = readFileSync(join(bundle, 'SHA256SUMS'), 'utf8').split('\n').filter((l) => l !== '' && !l.endsWith('  report.pdf'));
  return createHash('sha256').update(lines.map((l) => `${l}\n`).join('')).digest('hex');
}

/** The hex of a digest however it is spaced or broken over lines. */
const hexOf = (text: string) => text.replace(/\s+/g, '');

/** The digest in groups of four, wherever it stands in a text. */
const groupedIn = (text: string) => /[0-9a-f]{4}(?:\s+[0-9a-f]{4}){15}/.exec(text)?.[0].replace(/\s+/g, '');

/** What README.txt tells a reader to run, run in the bundle folder. */
function readmeRecipe(bundle: string): string {
  const readme = readFileSync(join(bundle, 'README.txt'), 'utf8');
  const recipe = readme.split('\n').map((l) => l.trim()).find((l) => l.includes('SHA256SUMS') && l.includes('| sha256sum'));
  expect(recipe).toBeDefined();
  return /^[0-9a-f]{64}/.exec(execFileSync('bash', ['-c', recipe!], { cwd: bundle, encoding: 'utf8' }))![0];
}

describe('the evidence digest', () => {
  it('is one value: journal fact, writeBundle, console, stage, report, README.txt, SHA256SUMS and both verifiers', async () => {
    const scenario = await startScenario([{ id: 'personal', name: '个人普通小客车', entries: applicantCodes(300), quota: 20, alternates: 5 }]);
    const bundle = scenario.bundleDir;
    let digest: string;
    let ceremonyDir: string;
    try {
      await scenario.step('reveal');
      unwrap(await scenario.host.call('revealTo', lastRevealPage(scenario.host.view())));
      const answered = unwrap(await scenario.host.call('writeBundle', { target: bundle }));
      digest = recomputed(bundle);
      ceremonyDir = scenario.host.view().ceremony!.dir;

      expect(answered.evidenceDigest).toBe(digest);
      expect(scenario.host.view().ceremony!.state.bundles.at(-1)!.evidenceDigest).toBe(digest);

      const report = execFileSync('pdftotext', ['-layout', join(bundle, 'report.pdf'), '-'], { encoding: 'utf8' });
      expect(hexOf(report)).toContain(digest);
      expect(readmeRecipe(bundle)).toBe(digest);

      const cli = JSON.parse(draw('verify', '--json', bundle).stdout) as { facts: { evidenceDigest: string } };
      expect(cli.facts.evidenceDigest).toBe(digest);
      const python = spawnSync('python3', [join(bundle, 'verify', 'draw_verify.py'), bundle], { encoding: 'utf8' });
      expect(hexOf(/证据摘要 Evidence digest: ([0-9a-f ]+)/.exec(python.stdout)![1]!)).toBe(digest);

      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        await page.goto(scenario.server.consoleUrl);
        const shown = page.getByTestId('evidence-digest');
        await shown.waitFor();
        expect(hexOf(await shown.textContent() ?? '')).toBe(digest);
        await page.goto(scenario.server.stageUrl);
        const onStage = page.getByTestId('evidence-digest');
        await onStage.waitFor();
        expect(groupedIn(await onStage.textContent() ?? '')).toBe(digest);
      } finally {
        await browser.close();
      }
    } finally {
      await scenario.close();
    }
    // The journal's own record, as journal.sqlite holds it (the bundle's journal.jsonl ends before it),
    // read once the service has let go of the file.
    const db = new Database(join(ceremonyDir, 'journal.sqlite'), { readonly: true });
    const row = db.prepare("select data from events where type = 'bundle-written'").get() as { data: string };
    db.close();
    const fact = JSON.parse(row.data) as Record<string, unknown>;
    expect(fact.evidenceDigest).toBe(digest);
    expect(fact).not.toHaveProperty('sha256sums');
  });

  it('draw ceremony prints it', () => {
    const pkg = writePackage([{ id: 'P', entries: simpleEntries(40), quota: 5 }], { balls: 6 });
    const dir = tempDir();
    const r = draw('ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', join(dir, 'bundle'), '--rehearsal', '--auto-confirm', '--balls-from', 'simulate:048213@5');
    expect(r.status, r.stderr).toBe(0);
    expect(hexOf(/证据摘要 \/ evidence digest: ([0-9a-f ]+)/.exec(r.stdout)?.[1] ?? '')).toBe(recomputed(join(dir, 'bundle')));
  });
});
