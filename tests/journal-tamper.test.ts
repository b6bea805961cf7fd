// An insider with disk access between a crash and the resume (docs/SECURITY.md): rewriting
// the SQLite journal with a recomputed hash chain, stripping or planting MACs, swapping the
// PIN, or guessing the PIN over and over. Real SQLite files, the attacker's edits done with
// better-sqlite3 and node:crypto directly, not through the project's store.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFailure, type Outcome } from '../electron/contract/failures.ts';
import { unwrap } from '../electron/node/failure.ts';
import { CeremonyService } from '../electron/service/ceremony-service.ts';
import { rewriteJournal } from './support/forge.ts';
import { failureOf } from './support/outcomes.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';

const PIN = '246810';
const newPackage = () => writePackage([{ id: 'P', entries: simpleEntries(20), quota: 3, alternates: 1 }], { balls: 3 });

/** A real ceremony stopped mid-draw: created, imported, digest confirmed, two balls in. */
async function stoppedMidDraw(clock?: () => string): Promise<string> {
  const dir = join(tempDir(), 'state');
  const s = unwrap(CeremonyService.create(dir, { period: 'test-1', kind: 'quota-allocation', rehearsal: false, notaryPin: PIN }, { clock }));
  unwrap(await s.importPackage(newPackage()));
  unwrap(s.confirmSealDigest({ pin: PIN }));
  unwrap(s.recordBall(1, '7', 'machine', '$BALL,1,7'));
  unwrap(s.recordBall(2, '2', 'machine', '$BALL,2,2'));
  s.dispose();
  return dir;
}

/** A refusal's kind, and its words (what happened and what to do next) as one text. */
const refusal = (o: Outcome<unknown>): { kind: string; words: string } => {
  const f = failureOf(o);
  const { what, next } = describeFailure(f);
  return { kind: f.kind, words: `${what.zh} ${next.zh} / ${what.en} ${next.en}` };
};

describe('the journal cannot be rewritten between crash and resume', () => {
  it('a record rewritten with its hash chain recomputed is refused on resume, naming the record, in words for the notary', async () => {
    const dir = await stoppedMidDraw();
    rewriteJournal(dir, 4, (d) => (d.digit = '3'));
    const opened = CeremonyService.open(dir, { pin: PIN });
    expect(failureOf(opened)).toEqual({ kind: 'tampered', file: join(dir, 'journal.sqlite'), seq: 4 });
    const r = refusal(opened);
    expect(r.words).toMatch(/日志第 4 条在停机期间被改动/);
    expect(r.words).toMatch(/record 4 was changed while the kiosk was down/);
    expect(r.words).toMatch(/tell the notary/);
  });

  it('resuming needs the PIN; the right PIN resumes exactly where it was', async () => {
    const dir = await stoppedMidDraw();
    expect(refusal(CeremonyService.open(dir)).kind).toBe('pin-needed');
    const s = unwrap(CeremonyService.open(dir, { pin: PIN }));
    expect(s.state.balls).toEqual(['7', '2']);
    unwrap(s.recordBall(3, '5', 'machine', '$BALL,3,5'));
    s.dispose();
    const again = unwrap(CeremonyService.open(dir, { pin: PIN }));
    expect(again.state.phase).toBe('seed-complete');
    again.dispose();
  });

  it('stripping the MACs, or the notary key from the first record, is caught', async () => {
    const stripped = await stoppedMidDraw();
    rewriteJournal(stripped, 0, () => undefined, () => null);
    expect(refusal(CeremonyService.open(stripped, { pin: PIN })).kind).toBe('tampered');

    // A real draw turned into a key-less journal: the fold refuses a real draw without a notary PIN.
    const keyless = await stoppedMidDraw();
    rewriteJournal(keyless, 1, (d) => delete d.notary, () => null);
    expect(failureOf(CeremonyService.open(keyless))).toMatchObject({ kind: 'journal-broken', seq: 1 });
    expect(refusal(CeremonyService.open(keyless)).words).toMatch(/needs the notary to set a PIN/);

    // ...and made a rehearsal to dodge that: its records still carry MACs, so it is caught too.
    const rehearsal = await stoppedMidDraw();
    rewriteJournal(rehearsal, 1, (d) => {
      delete d.notary;
      d.rehearsal = true;
    });
    expect(refusal(CeremonyService.open(rehearsal)).kind).toBe('tampered');
  });

  it('a planted PIN file or a journal re-keyed with another PIN does not let the other PIN in, nor the notary be fooled', async () => {
    const dir = await stoppedMidDraw();
    // The old design's PIN file, planted with the attacker's PIN: it is not consulted.
    writeFileSync(join(dir, 'notary-pin.json'), JSON.stringify({ scheme: 'scrypt', N: 16384, r: 8, p: 1, salt: '00', hash: '00' }));
    expect(refusal(CeremonyService.open(dir, { pin: '999999' })).kind).toBe('pin-wrong');
    // A new salt in the first record (a re-keyed journal): the notary's own PIN no longer opens it, and the message says why.
    rewriteJournal(dir, 1, (d) => ((d.notary as { salt: string }).salt = 'ab'.repeat(16)));
    const r = refusal(CeremonyService.open(dir, { pin: PIN }));
    expect(r.kind).toBe('pin-wrong');
    expect(r.words).toMatch(/the journal has been replaced: do not continue/);
  });

  it('after 5 wrong PINs each attempt waits, growing; every attempt, right or wrong, is in the operational log', async () => {
    let now = Date.parse('2026-11-23T10:00:00.000Z');
    const clock = () => new Date(now).toISOString();
    const dir = await stoppedMidDraw(clock);
    const s = unwrap(CeremonyService.open(dir, { pin: PIN, clock }));
    for (let i = 0; i < 5; i++) expect(refusal(s.confirmSeed({ pin: '000000' })).kind).toBe('pin-wrong');
    // The sixth attempt, even with the right PIN, must wait 5 s; then 10 s after the sixth failure.
    const wait = refusal(s.voidLastBall('misread', { pin: PIN }));
    expect(wait.words).toMatch(/5 wrong PINs in a row.*try again in 5 s/);
    now += 5000;
    expect(refusal(s.voidLastBall('misread', { pin: '111111' })).kind).toBe('pin-wrong');
    now += 5000;
    expect(failureOf(s.voidLastBall('misread', { pin: PIN }))).toEqual({ kind: 'pin-wait', failures: 6, seconds: 5 });
    s.dispose();
    // The count survives a restart: it is read back from the log.
    expect(refusal(CeremonyService.open(dir, { pin: PIN, clock })).kind).toBe('pin-wait');
    now += 5000;
    const again = unwrap(CeremonyService.open(dir, { pin: PIN, clock }));
    unwrap(again.voidLastBall('misread', { pin: PIN }));
    expect(again.state.balls).toEqual(['7']);

    const log = readFileSync(join(dir, 'operations.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; data: { ok?: boolean; action?: string } });
    const attempts = log.filter((e) => e.type === 'pin-attempt').map((e) => `${e.data.action}:${e.data.ok}`);
    expect(attempts).toEqual([
      'confirm-seal-digest:true', // while the ceremony ran
      'resume:true',
      'confirm-seed:false', 'confirm-seed:false', 'confirm-seed:false', 'confirm-seed:false', 'confirm-seed:false',
      'void-ball:false',
      'resume:true',
      'void-ball:true',
    ]);
    expect(log.filter((e) => e.type === 'pin-delayed')).toHaveLength(3);
    again.dispose();
  });
});
