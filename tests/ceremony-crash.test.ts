// Crash safety on real processes: the headless ceremony is killed with SIGKILL right after
// each event is committed, and at random moments; every resume finishes with exactly the
// results of an uninterrupted run, no ball journaled twice, and a bundle that verifies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJournalLines } from '../draw-core/bundle-check.ts';
import { drawWith, draw } from './support/cli.ts';
import { ceremonyKilledAfter } from './support/killed-ceremony.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';

const BALLS = '048213';
const pkg = writePackage([
  { id: 'personal', entries: simpleEntries(300), quota: 12, alternates: 6 },
  { id: 'company', entries: simpleEntries(50, 'C').map(([c], i) => [c, 1 + (i % 13)]), quota: 4, alternates: 2 },
], { balls: 6 });

const args = (dir: string, interval = 0) => ['ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', join(dir, 'bundle'),
  '--rehearsal', '--auto-confirm', '--balls-from', `simulate:${BALLS}@${interval}`];

/** What must not depend on crashes: the result files and results.json apart from the ceremony id. */
function outcome(dir: string) {
  const read = (name: string) => readFileSync(join(dir, 'bundle', 'results', name), 'utf8');
  const summary = JSON.parse(read('results.json'));
  delete summary.ceremonyId;
  return { personal: read('personal.csv'), company: read('company.csv'), summary };
}

function checkJournal(dir: string): void {
  const records = parseJournalLines(readFileSync(join(dir, 'bundle', 'journal.jsonl'), 'utf8'));
  if (!Array.isArray(records)) throw new Error('journal line unreadable');
  const balls = records.filter((r) => r.type === 'ball-drawn').map((r) => (r.data as { n: number; digit: string }));
  expect(balls.map((b) => b.n)).toEqual([1, 2, 3, 4, 5, 6]); // none twice, none lost
  expect(balls.map((b) => b.digit).join('')).toBe(BALLS);
  expect(records.filter((r) => r.type === 'results-computed')).toHaveLength(1);
}

const reference = (() => {
  const dir = tempDir();
  const r = drawWith({}, ...args(dir));
  if (r.status !== 0) throw new Error(r.stderr);
  return outcome(dir);
})();

describe('crash safety', () => {
  // An uninterrupted run commits 13 events: created, imported, confirmed, 6 balls, seed, results, bundle, closed.
  for (let k = 1; k <= 12; k++) {
    it(`killed right after event ${k} is committed, it resumes and finishes identically`, () => {
      const dir = tempDir();
      const killed = ceremonyKilledAfter(k, args(dir).slice(1)); // the same arguments, after `ceremony`
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      const resumed = drawWith({}, ...args(dir));
      expect(resumed.status, resumed.stderr).toBe(0);
      if (k > 1) expect(resumed.stderr).toMatch(/resuming ceremony/);
      expect(outcome(dir)).toEqual(reference);
      checkJournal(dir);
      expect(draw('verify', join(dir, 'bundle')).stdout).toMatch(/(^|\n)verified\n$/);
    });
  }

  it('killed at random moments, over and over, it always ends with the same results', { timeout: 300_000 }, async () => {
    let seed = 12345;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const DRAW = fileURLToPath(new URL('../electron/cli/draw.ts', import.meta.url));
    // Kill moments are spread over one uninterrupted run, timed here: on a slower or busier
    // machine (or as the bundle grows) the run is longer, and so is the span.
    const started = Date.now();
    expect(drawWith({}, ...args(tempDir(), 15)).status).toBe(0);
    const span = Math.ceil((Date.now() - started) * 0.9);
    // A kill drawn past the end of a run lets it finish, and how often that happens depends
    // on the machine's speed at the moment, so rounds go on until enough kills have landed.
    let totalKills = 0;
    let rounds = 0;
    for (; rounds < 6 || totalKills < 12; rounds++) {
      expect(rounds, `only ${totalKills} kills landed in ${rounds} rounds`).toBeLessThan(40);
      const dir = tempDir();
      let kills = 0;
      for (;;) {
        const child = spawn(process.execPath, [DRAW, ...args(dir, 15)], { stdio: ['ignore', 'ignore', 'ignore'] });
        const delay = 30 + rand(span);
        const timer = setTimeout(() => child.kill('SIGKILL'), delay);
        const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
        clearTimeout(timer);
        if (code === 0) break;
        expect(code).toBeNull(); // killed, never a failure of its own
        kills++;
        expect(kills).toBeLessThan(60);
      }
      totalKills += kills;
      expect(outcome(dir)).toEqual(reference);
      checkJournal(dir);
      expect(draw('verify', join(dir, 'bundle')).stdout).toMatch(/(^|\n)verified\n$/);
    }
  });
});
