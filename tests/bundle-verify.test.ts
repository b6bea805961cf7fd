// Tampering with any file of an evidence bundle makes `draw verify BUNDLE` fail, naming it;
// with SHA256SUMS made to match the tampering, the deeper checks still name it.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { draw } from './support/cli.ts';
import { forgeJournal } from './support/forge.ts';
import { sha256hex, simpleEntries, tempDir, writePackage } from './support/packages.ts';

let original: string;

beforeAll(() => {
  const pkg = writePackage([{ id: 'P', name: '个人', entries: simpleEntries(30), quota: 4, alternates: 2 }], { balls: 6 });
  original = join(tempDir(), 'bundle');
  const r = draw('ceremony', '--package', pkg, '--state', join(tempDir(), 'state'), '--out', original, '--rehearsal', '--auto-confirm', '--balls-from', 'simulate:048213');
  if (r.status !== 0) throw new Error(r.stderr);
});

/** A copy of the bundle with `change` applied; `resum` rewrites SHA256SUMS to match. */
function tampered(change: (dir: string) => void, resum = false): string {
  const dir = join(tempDir(), 'bundle');
  cpSync(original, dir, { recursive: true });
  change(dir);
  if (resum) {
    const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8').split('\n').filter(Boolean)
      .map((line) => line.slice(66)).map((name) => `${sha256hex(readFileSync(join(dir, name)))}  ${name}\n`).join('');
    writeFileSync(join(dir, 'SHA256SUMS'), sums);
  }
  return dir;
}

function expectFailure(dir: string, names: RegExp): void {
  const r = draw('verify', dir);
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(new RegExp(`^不一致 / failed: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${names.source}`));
}

const edit = (file: string, from: RegExp | string, to: string) => (dir: string) => {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const next = text.replace(from, to);
  expect(next).not.toBe(text);
  writeFileSync(path, next);
};

describe('draw verify BUNDLE', () => {
  it('passes on the bundle as written, and sha256sum -c agrees', () => {
    expect(draw('verify', original).stdout).toBe('verified\n');
    expect(spawnSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: original }).status).toBe(0);
    expect(spawnSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: tampered(edit('results/P.csv', '1,', '1,X')) }).status).toBe(1);
  });

  it('a changed result byte', () => {
    expectFailure(tampered(edit('results/P.csv', '1,', '1,X')), /results\/P\.csv: .*SHA256SUMS/);
    expectFailure(tampered(edit('results/P.csv', /winner\n2,A\d\d/, 'winner\n2,A29'), true), /results\/P\.csv: .*recomputed/);
  });

  it('a changed journal line', () => {
    expectFailure(tampered(edit('journal.jsonl', '"digit":"4"', '"digit":"5"')), /journal\.jsonl: .*SHA256SUMS/);
    expectFailure(tampered(edit('journal.jsonl', '"digit":"4"', '"digit":"5"'), true), /journal\.jsonl:5: /);
    expectFailure(tampered((dir) => {
      const lines = readFileSync(join(dir, 'journal.jsonl'), 'utf8').split('\n');
      [lines[4], lines[5]] = [lines[5]!, lines[4]!];
      writeFileSync(join(dir, 'journal.jsonl'), lines.join('\n'));
    }, true), /journal\.jsonl:5: /);
    expectFailure(tampered((dir) => appendFileSync(join(dir, 'journal.jsonl'), '{"seq":'), true), /journal\.jsonl:12: /); // 11 records precede the bundle
  });

  it('a changed package byte', () => {
    expectFailure(tampered(edit('package/P.csv', 'A07,1', 'A07,2')), /package\/P\.csv: .*SHA256SUMS/);
    expectFailure(tampered(edit('package/P.csv', 'A07,1', 'A07,2'), true), /package\/P\.csv: file-sha256|package\/P\.csv: 文件的 SHA-256/);
    expectFailure(tampered(edit('package/manifest.json', '"quota":4', '"quota":5'), true), /package\/manifest\.json: .*seal digest/);
  });

  it('a changed, missing or extra line of SHA256SUMS, and files it does not list', () => {
    expectFailure(tampered((dir) => {
      const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8');
      writeFileSync(join(dir, 'SHA256SUMS'), (sums[0] === '0' ? '1' : '0') + sums.slice(1)); // the first line is README.txt's
    }), /README\.txt: .*SHA256SUMS/);
    expectFailure(tampered(edit('SHA256SUMS', /^.*README\.txt\n/m, '')), /README\.txt: .*not listed/);
    expectFailure(tampered((dir) => writeFileSync(join(dir, 'extra.txt'), 'x')), /extra\.txt: .*not listed/);
    expectFailure(tampered((dir) => rmSync(join(dir, 'results', 'results.json'))), /results\/results\.json: .*missing/);
    expectFailure(tampered((dir) => rmSync(join(dir, 'SHA256SUMS'))), /SHA256SUMS: /);
    const lines = readFileSync(join(original, 'SHA256SUMS'), 'utf8').split('\n').filter(Boolean).length;
    expectFailure(tampered((dir) => appendFileSync(join(dir, 'SHA256SUMS'), `${'0'.repeat(64)}  ../../etc/passwd\n`)), new RegExp(`SHA256SUMS:${lines + 1}: `)); // after the files' lines
  });

  it('a package given where a bundle is expected is a usage error', () => {
    const r = draw('verify', join(original, 'package'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^draw verify: usage: .*is a package, not a bundle/);
  });

  it('a bundle folder that does not exist is an input error', () => {
    const r = draw('verify', join(tempDir(), 'absent'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bundle-missing: /);
  });

  it('a rehearsal dressed up as a real draw: its simulated balls are refused, whatever else the forger fixed', () => {
    const forged = tampered((dir) => {
      const path = join(dir, 'journal.jsonl');
      writeFileSync(path, forgeJournal(readFileSync(path, 'utf8'), (r) => {
        if (r.type === 'ceremony-created') {
          r.data.rehearsal = false;
          r.data.notary = { kdf: 'scrypt', N: 65536, r: 8, p: 1, salt: '5'.repeat(32) };
        }
        if (r.data.by === 'rehearsal-auto') r.data.by = 'notary';
      }));
    }, true);
    expectFailure(forged, /journal\.jsonl:4: .*a real draw takes balls only from the ball machine or the manual dual entry, never from the simulator/);
  });
});
