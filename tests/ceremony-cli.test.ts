// draw ceremony end to end on real processes: rehearsals, the notary's PIN on a real
// terminal, balls from stdin, refusals, and draw verify on the bundle.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draw, drawOnTerminalWith, drawWith } from './support/cli.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';
import { NAME_OPTIONS } from './support/ceremony-names.ts';

const samplePackage = () => writePackage([
  { id: 'personal', name: '个人普通', entries: simpleEntries(40), quota: 5, alternates: 3 },
  { id: 'company', name: '单位普通', entries: simpleEntries(7, 'C').map(([c], i) => [c, 1 + (i % 13)]), quota: 2 },
], { balls: 6 });

describe('draw ceremony', () => {
  it('a rehearsal runs from import to close and the bundle verifies; the results equal draw run\'s', () => {
    const pkg = samplePackage();
    const dir = tempDir();
    const r = draw('ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', join(dir, 'bundle'), '--rehearsal', '--auto-confirm', '--balls-from', 'simulate:048213@5');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`证据包 / bundle: ${join(dir, 'bundle')}`);
    expect(r.stdout).toMatch(/证据摘要 \/ evidence digest: (?:[0-9a-f]{4} ){15}[0-9a-f]{4}\n/);
    expect(draw('verify', join(dir, 'bundle')).stdout).toMatch(/(^|\n)verified\n$/);
    expect(draw('run', pkg, '--balls', '048213', '--out', join(dir, 'run')).status).toBe(0);
    for (const name of ['personal.csv', 'company.csv']) {
      expect(readFileSync(join(dir, 'bundle', 'results', name)).equals(readFileSync(join(dir, 'run', name)))).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(dir, 'bundle', 'results', 'results.json'), 'utf8'));
    expect(summary.rehearsal).toBe(true);
    expect(summary.ceremonyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(readFileSync(join(dir, 'bundle', 'README.txt'), 'utf8')).toMatch(/演练 REHEARSAL/);
    // Run again on the closed ceremony: it reports the same bundle and draws nothing.
    const again = draw('ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', join(dir, 'bundle'), '--rehearsal', '--auto-confirm', '--balls-from', 'simulate:111111');
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toBe(r.stdout);
  });

  it('a real draw: the notary sets the PIN, confirms and resumes with it on a real terminal; a wrong PIN is refused', () => {
    const pkg = samplePackage();
    const dir = tempDir();
    const balls = join(dir, 'balls.txt');
    writeFileSync(balls, '0\n4\n8\n2\n1\n3\n');
    const args = ['ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', join(dir, 'bundle'), ...NAME_OPTIONS, '--balls-from', 'stdin'];
    const wrong = drawOnTerminalWith({ stdinFile: balls }, ['246810', '246810', '999999'], ...args);
    expect(wrong.status).toBe(2);
    expect(wrong.output).toMatch(/错误 \/ error: pin-wrong: 公证员 PIN 不正确 — 请公证员重新输入 PIN \/ the notary PIN is wrong — the notary types the PIN again/);
    // The second run resumes: the PIN opens the journal (its MACs), then confirms the digest, the seed and the close.
    const right = drawOnTerminalWith({ stdinFile: balls }, ['246810'], ...args);
    expect(right.status, right.output).toBe(0);
    expect(right.output).toMatch(/notary, to resume the ceremony: PIN: /);
    expect(right.output).not.toContain('246810'); // never echoed
    expect(draw('verify', join(dir, 'bundle')).stdout).toMatch(/(^|\n)verified\n$/);
    const journal = readFileSync(join(dir, 'bundle', 'journal.jsonl'), 'utf8');
    expect(journal.match(/"by":"notary"/g)).toHaveLength(2); // seal digest and seed; the close comes after the bundle
    expect(journal).not.toContain('246810');
  });

  it('a real draw refuses simulated balls before anything is recorded', () => {
    const dir = tempDir();
    const r = draw('ceremony', '--package', samplePackage(), '--state', join(dir, 'state'), '--out', join(dir, 'bundle'), ...NAME_OPTIONS, '--balls-from', 'simulate:048213');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/a real draw takes no simulated balls: --balls-from must be serial:PORT or stdin/);
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  it('a real draw with no terminal for the PIN is refused; --auto-confirm is for rehearsals only', () => {
    const pkg = samplePackage();
    const dir = tempDir();
    const noTty = drawWith({ noTerminal: true, input: '0\n4\n8\n2\n1\n3\n' }, 'ceremony', '--package', pkg, '--state', join(dir, 's'), '--out', join(dir, 'b'), ...NAME_OPTIONS, '--balls-from', 'stdin');
    expect(noTty.status).toBe(2);
    expect(noTty.stderr).toMatch(/^\/dev\/tty: notary-terminal: /m);
    const auto = draw('ceremony', '--package', pkg, '--state', join(dir, 's2'), '--out', join(dir, 'b2'), '--auto-confirm', '--balls-from', 'stdin');
    expect(auto.status).toBe(2);
    expect(auto.stderr).toMatch(/^draw ceremony: usage: .*--auto-confirm needs --rehearsal/);
  });

  it('balls from stdin: a bad line is reported and skipped; an early end stops, and a second run goes on', () => {
    const pkg = samplePackage();
    const dir = tempDir();
    const args = ['ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', join(dir, 'bundle'), '--rehearsal', '--auto-confirm', '--balls-from', 'stdin'];
    const first = drawWith({ input: '0\nx\n4\n12\n8\n' }, ...args);
    expect(first.status).toBe(2);
    expect(first.stderr).toMatch(/^stdin:2: ball-digit: .*ignored "x"/m);
    expect(first.stderr).toMatch(/^stdin:4: ball-digit: .*ignored "12"/m);
    expect(first.stderr).toMatch(/--balls-from: balls-incomplete: .*only 3 of 6 balls/);
    const second = drawWith({ input: '2\n1\n3\n' }, ...args);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/种子 \/ seed: 048213/);
    expect(draw('verify', join(dir, 'bundle')).stdout).toMatch(/(^|\n)verified\n$/);
  });

  it('resuming with another package, or as a rehearsal when it was real, is refused', () => {
    const pkg = samplePackage();
    const other = samplePackage();
    writePackage([{ id: 'x', entries: simpleEntries(3), quota: 1 }], { dir: other, balls: 6 });
    const dir = tempDir();
    const args = (p: string) => ['ceremony', '--package', p, '--state', join(dir, 'state'), '--out', join(dir, 'bundle'), '--rehearsal', '--auto-confirm', '--balls-from', 'stdin'];
    expect(drawWith({ input: '1\n' }, ...args(pkg)).status).toBe(2);
    const r = drawWith({ input: '' }, ...args(other));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/package-mismatch: /);
    const real = drawWith({ input: '', noTerminal: true }, 'ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', join(dir, 'bundle'), '--balls-from', 'stdin');
    expect(real.status).toBe(2);
    expect(real.stderr).toMatch(/is a rehearsal; --rehearsal says otherwise/);
  });

  it('usage: bad --balls-from, bad --kind, missing --state', () => {
    const pkg = samplePackage();
    const dir = tempDir();
    const base = ['--package', pkg, '--state', join(dir, 's'), '--out', join(dir, 'b'), '--rehearsal', '--auto-confirm'];
    expect(draw('ceremony', ...base, '--balls-from', 'serial').stderr).toMatch(/^draw ceremony: usage: .*--balls-from must be/);
    expect(draw('ceremony', ...base, '--balls-from', 'simulate:123').stderr).toMatch(/needs exactly 6 digits/);
    expect(draw('ceremony', ...base, '--kind', 'lottery').stderr).toMatch(/--kind must be/);
    expect(draw('ceremony', '--package', pkg, '--out', join(dir, 'b')).stderr).toMatch(/missing --state/);
  });
});
