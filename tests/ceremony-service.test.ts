// The ceremony service in process, on real files: journal before notification, the
// notary's PIN, nothing half-done on a refused or failed command, resume checks, bundles.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../electron/contract/failures.ts';
import { writeBundle } from '../electron/node/bundle-writer.ts';
import { unwrap } from '../electron/node/failure.ts';
import { CeremonyService } from '../electron/service/ceremony-service.ts';
import { failureOf } from './support/outcomes.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';

const PIN = { pin: '246810' };
const newPackage = () => writePackage([{ id: 'P', entries: simpleEntries(20), quota: 3, alternates: 1 }], { balls: 3 });

function realCeremony(dir = join(tempDir(), 'state')) {
  return unwrap(CeremonyService.create(dir, { period: 'test-1', kind: 'quota-allocation', rehearsal: false, notaryPin: PIN.pin }));
}

/** The ceremony's refusal: the fold's rule, or the failure's kind for the service's own. */
function refusedCode(o: Outcome<unknown>): string {
  const f = failureOf(o);
  return f.kind === 'refused' ? f.rule : f.kind;
}

async function drawnToResults(s: CeremonyService, pkg: string) {
  unwrap(await s.importPackage(pkg));
  unwrap(s.confirmSealDigest(PIN));
  unwrap(s.recordBall(1, '0', 'machine', '$BALL,1,0*XX'));
  unwrap(s.recordBall(2, '4', 'machine', '$BALL,2,4*XX'));
  unwrap(s.recordBall(3, '8', 'manual', 'host 8, notary 8'));
  unwrap(s.confirmSeed(PIN));
  unwrap(s.computeResults());
}

describe('ceremony service', () => {
  it('tells subscribers only after the event is in the journal', async () => {
    const s = realCeremony();
    const seen: [number, number][] = [];
    s.subscribe((state) => seen.push([state.seq, s.records.length]));
    unwrap(await s.importPackage(newPackage()));
    unwrap(s.confirmSealDigest(PIN));
    expect(seen).toEqual([[2, 2], [3, 3]]);
    s.dispose();
  });

  it('a real ceremony needs a PIN of 6-12 digits; a wrong PIN or the rehearsal stand-in is refused and nothing is journaled', async () => {
    expect(refusedCode(CeremonyService.create(join(tempDir(), 's'), { period: 'p', kind: 'quota-allocation', rehearsal: false }))).toBe('pin-required');
    expect(failureOf(CeremonyService.create(join(tempDir(), 's'), { period: 'p', kind: 'quota-allocation', rehearsal: false, notaryPin: '1234' })))
      .toEqual({ kind: 'pin-invalid', minLength: 6, maxLength: 12 });
    const s = realCeremony();
    unwrap(await s.importPackage(newPackage()));
    expect(failureOf(s.confirmSealDigest({ pin: '000000' }))).toEqual({ kind: 'pin-wrong', onResume: false });
    expect(refusedCode(s.confirmSealDigest('rehearsal-auto'))).toBe('notary-required');
    expect(s.records.length).toBe(2);
    expect(readdirSync(s.dir)).not.toContain('246810');
    s.dispose();
  });

  it('a package that fails a check leaves no event and no copy behind', async () => {
    const s = realCeremony();
    const bad = writePackage([{ id: 'P', entries: simpleEntries(5), quota: 1 }], { balls: 3, files: (f) => { f['P.csv'] = 'code,weight\nB,1\nA,1\n'; } });
    expect(failureOf(await s.importPackage(bad))).toMatchObject({ kind: 'input', rule: 'code-order', file: join(bad, 'P.csv') });
    expect(s.records.length).toBe(1);
    expect(existsSync(join(s.dir, 'packages'))).toBe(false);
    s.dispose();
  });

  it('resumes exactly where it was; a changed copy of the package is refused', async () => {
    const dir = join(tempDir(), 'state');
    const s = realCeremony(dir);
    unwrap(await s.importPackage(newPackage()));
    unwrap(s.confirmSealDigest(PIN));
    unwrap(s.recordBall(1, '7', 'machine', 'r'));
    const before = s.state;
    s.dispose();
    const again = unwrap(CeremonyService.open(dir, PIN));
    expect(again.state).toEqual(before);
    expect(refusedCode(again.recordBall(1, '7', 'machine', 'r'))).toBe('ball-duplicate');
    again.dispose();

    const [copy] = readdirSync(join(dir, 'packages'));
    const csv = join(dir, 'packages', copy!, 'P.csv');
    chmodSync(join(dir, 'packages', copy!), 0o755);
    chmodSync(csv, 0o644);
    writeFileSync(csv, 'code,weight\nA00,1\n');
    // Tampering with the ceremony folder, not a bad input: its own kind, with the rule the copy broke.
    expect(failureOf(CeremonyService.open(dir, PIN))).toMatchObject({ kind: 'package-copy-changed', file: csv, rule: 'file-sha256' });
  });

  it('keeps the package copy read-only', async () => {
    const s = realCeremony();
    unwrap(await s.importPackage(newPackage()));
    const [copy] = readdirSync(join(s.dir, 'packages'));
    expect(statSync(join(s.dir, 'packages', copy!)).mode & 0o777).toBe(0o555);
    for (const f of readdirSync(join(s.dir, 'packages', copy!))) expect(statSync(join(s.dir, 'packages', copy!, f)).mode & 0o777).toBe(0o444);
    s.dispose();
  });
});

describe('evidence bundle writing', () => {
  it('a bundle renamed into place but not journaled (a crash in between) is taken as written on retry', async () => {
    const s = realCeremony();
    await drawnToResults(s, newPackage());
    const target = join(tempDir(), 'bundle');
    await writeBundle(target, unwrap(await s.bundleFiles())); // what the crashed attempt left
    const before = readFileSync(join(target, 'SHA256SUMS'));
    const fact = unwrap(await s.writeBundle(target));
    expect(s.state.bundles).toEqual([fact]);
    expect(readFileSync(join(target, 'SHA256SUMS')).equals(before)).toBe(true);
    s.dispose();
  });

  it('a partial folder left by a crash mid-write is cleared, and the bundle is written whole', async () => {
    const s = realCeremony();
    await drawnToResults(s, newPackage());
    const parent = tempDir();
    mkdirSync(join(parent, '.bundle.partial', 'results'), { recursive: true });
    writeFileSync(join(parent, '.bundle.partial', 'results', 'P.csv'), 'half');
    unwrap(await s.writeBundle(join(parent, 'bundle')));
    expect(readdirSync(parent)).toEqual(['bundle']);
    expect(readdirSync(join(parent, 'bundle')).sort()).toEqual(['README.txt', 'SHA256SUMS', 'announcement.html', 'announcement.pdf', 'journal.jsonl', 'operations.jsonl', 'package', 'publication', 'report.pdf', 'results', 'spec', 'verify']);
    s.dispose();
  });

  it('never overwrites: an existing folder is refused, and a second bundle goes to its own name', async () => {
    const s = realCeremony();
    await drawnToResults(s, newPackage());
    const occupied = join(tempDir(), 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'keep.txt'), 'mine');
    expect(failureOf(await s.writeBundle(occupied))).toEqual({ kind: 'bundle-exists', target: occupied });
    expect(readdirSync(occupied)).toEqual(['keep.txt']);
    expect(s.state.bundles).toHaveLength(0);
    const a = unwrap(await s.writeBundle(join(tempDir(), 'a')));
    const b = unwrap(await s.writeBundle(join(tempDir(), 'b')));
    expect(s.state.bundles.map((x) => x.name)).toEqual(['a', 'b']);
    expect(a.evidenceDigest).not.toBe(b.evidenceDigest); // b's journal holds a's bundle-written event
    s.dispose();
  });
});
