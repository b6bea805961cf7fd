// An insider with disk access between a crash and the resume (docs/SECURITY.md): rewriting
// the SQLite journal with a recomputed hash chain, stripping or planting MACs, swapping the
// PIN, or guessing the PIN over and over. Real SQLite files, the attacker's edits done with
// better-sqlite3 and node:crypto directly, not through the project's store.
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CeremonyService } from '../electron/service/ceremony-service.ts';
import { canonical, rechain } from './support/forge.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';

const PIN = '246810';
const newPackage = () => writePackage([{ id: 'P', entries: simpleEntries(20), quota: 3, alternates: 1 }], { balls: 3 });

/** A real ceremony stopped mid-draw: created, imported, digest confirmed, two balls in. */
async function stoppedMidDraw(clock?: () => string): Promise<string> {
  const dir = join(tempDir(), 'state');
  const s = CeremonyService.create(dir, { period: 'test-1', kind: 'quota-allocation', rehearsal: false, notaryPin: PIN }, { clock });
  await s.importPackage(newPackage());
  s.confirmSealDigest({ pin: PIN });
  s.recordBall(1, '7', 'machine', '$BALL,1,7');
  s.recordBall(2, '2', 'machine', '$BALL,2,2');
  s.dispose();
  return dir;
}

interface Row { seq: number; time: string; type: string; data: string; prev: string; hash: string; mac: string | null }

/** The attacker's edit: change a record's data, then recompute the plain hash chain from there on. */
function rewrite(dir: string, seq: number, change: (data: Record<string, unknown>) => void, macs?: (row: { mac: string | null }) => string | null): void {
  const db = new Database(join(dir, 'journal.sqlite'));
  const rows = db.prepare('SELECT * FROM events ORDER BY seq').all() as Row[];
  const records = rechain(rows.map((row) => {
    const data = JSON.parse(row.data) as Record<string, unknown>;
    if (row.seq === seq) change(data);
    return { ...row, data };
  }));
  const update = db.prepare('UPDATE events SET data = ?, prev = ?, hash = ?, mac = ? WHERE seq = ?');
  for (const r of records) update.run(canonical(r.data), r.prev, r.hash, macs ? macs(r) : r.mac, r.seq);
  db.close();
}

const refusal = (f: () => unknown): { code: string; message: string } => {
  try {
    f();
  } catch (e) {
    return { code: (e as { rule?: string; code?: string }).rule ?? (e as { code?: string }).code ?? '', message: (e as Error).message };
  }
  throw new Error('expected a refusal');
};

describe('the journal cannot be rewritten between crash and resume', () => {
  it('a record rewritten with its hash chain recomputed is refused on resume, naming the record, in words for the notary', async () => {
    const dir = await stoppedMidDraw();
    rewrite(dir, 4, (d) => (d.digit = '3'));
    const r = refusal(() => CeremonyService.open(dir, { pin: PIN }));
    expect(r.code).toBe('journal-tampered');
    expect(r.message).toMatch(/日志第 4 条在停机期间被改动/);
    expect(r.message).toMatch(/record 4 was changed while the kiosk was down/);
    expect(r.message).toMatch(/tell the notary/);
  });

  it('resuming needs the PIN; the right PIN resumes exactly where it was', async () => {
    const dir = await stoppedMidDraw();
    expect(refusal(() => CeremonyService.open(dir)).code).toBe('pin-to-resume');
    const s = CeremonyService.open(dir, { pin: PIN });
    expect(s.state.balls).toEqual(['7', '2']);
    s.recordBall(3, '5', 'machine', '$BALL,3,5');
    s.dispose();
    const again = CeremonyService.open(dir, { pin: PIN });
    expect(again.state.phase).toBe('seed-complete');
    again.dispose();
  });

  it('stripping the MACs, or the notary key from the first record, is caught', async () => {
    const stripped = await stoppedMidDraw();
    rewrite(stripped, 0, () => undefined, () => null);
    expect(refusal(() => CeremonyService.open(stripped, { pin: PIN })).code).toBe('journal-tampered');

    // A real draw turned into a key-less journal: the fold refuses a real draw without a notary PIN.
    const keyless = await stoppedMidDraw();
    rewrite(keyless, 1, (d) => delete d.notary, () => null);
    expect(refusal(() => CeremonyService.open(keyless)).message).toMatch(/needs the notary to set a PIN/);

    // ...and made a rehearsal to dodge that: its records still carry MACs, so it is caught too.
    const rehearsal = await stoppedMidDraw();
    rewrite(rehearsal, 1, (d) => {
      delete d.notary;
      d.rehearsal = true;
    });
    expect(refusal(() => CeremonyService.open(rehearsal)).code).toBe('journal-tampered');
  });

  it('a planted PIN file or a journal re-keyed with another PIN does not let the other PIN in, nor the notary be fooled', async () => {
    const dir = await stoppedMidDraw();
    // The old design's PIN file, planted with the attacker's PIN: it is not consulted.
    writeFileSync(join(dir, 'notary-pin.json'), JSON.stringify({ scheme: 'scrypt', N: 16384, r: 8, p: 1, salt: '00', hash: '00' }));
    expect(refusal(() => CeremonyService.open(dir, { pin: '999999' })).code).toBe('pin-wrong');
    // A new salt in the first record (a re-keyed journal): the notary's own PIN no longer opens it, and the message says why.
    rewrite(dir, 1, (d) => ((d.notary as { salt: string }).salt = 'ab'.repeat(16)));
    const r = refusal(() => CeremonyService.open(dir, { pin: PIN }));
    expect(r.code).toBe('pin-wrong');
    expect(r.message).toMatch(/the journal has been replaced: do not continue/);
  });

  it('after 5 wrong PINs each attempt waits, growing; every attempt, right or wrong, is in the operational log', async () => {
    let now = Date.parse('2026-11-23T10:00:00.000Z');
    const clock = () => new Date(now).toISOString();
    const dir = await stoppedMidDraw(clock);
    const s = CeremonyService.open(dir, { pin: PIN, clock });
    for (let i = 0; i < 5; i++) expect(refusal(() => s.confirmSeed({ pin: '000000' })).code).toBe('pin-wrong');
    // The sixth attempt, even with the right PIN, must wait 5 s; then 10 s after the sixth failure.
    expect(refusal(() => s.voidLastBall('misread', { pin: PIN })).message).toMatch(/5 wrong PINs in a row: try again in 5 s/);
    now += 5000;
    expect(refusal(() => s.voidLastBall('misread', { pin: '111111' })).code).toBe('pin-wrong');
    now += 5000;
    expect(refusal(() => s.voidLastBall('misread', { pin: PIN })).message).toMatch(/try again in 5 s/);
    s.dispose();
    // The count survives a restart: it is read back from the log.
    expect(refusal(() => CeremonyService.open(dir, { pin: PIN, clock })).code).toBe('pin-wait');
    now += 5000;
    const again = CeremonyService.open(dir, { pin: PIN, clock });
    again.voidLastBall('misread', { pin: PIN });
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
