// Every phase transition of the ceremony, allowed and refused, with its reason.
import { describe, expect, it } from 'vitest';
import { apply, foldEvents, INITIAL_STATE, refusal, type CeremonyEvent, type CeremonyState, type PackageFact } from './ceremony.ts';

const PKG: PackageFact = {
  sealDigest: 'a'.repeat(64), period: '2026-11', title: 'T', balls: 3,
  pools: [{ id: 'P', name: 'P', file: 'P.csv', sha256: 'b'.repeat(64), entries: 10, totalWeight: 10, quota: 2, alternates: 1 }],
};
const created = (rehearsal = false): CeremonyEvent => ({
  type: 'ceremony-created',
  data: {
    ceremonyId: 'c1', period: '2026-11', kind: 'quota-allocation', rehearsal, software: { name: 'x', version: '1', codeDigest: 'c'.repeat(64) },
    ...(rehearsal ? {} : { notary: { kdf: 'scrypt', N: 65536, r: 8, p: 1, salt: '0'.repeat(32) } }),
  },
});
const imported: CeremonyEvent = { type: 'package-imported', data: PKG };
const confirmed: CeremonyEvent = { type: 'seal-digest-confirmed', data: { sealDigest: PKG.sealDigest, by: 'notary' } };
const ball = (n: number, digit: string): CeremonyEvent => ({ type: 'ball-drawn', data: { n, digit, source: 'machine', reading: `$BALL,${n},${digit}` } });
const seed = (s: string): CeremonyEvent => ({ type: 'seed-confirmed', data: { seed: s, by: 'notary' } });
const results: CeremonyEvent = { type: 'results-computed', data: { masterSeed: 'd'.repeat(64), resultsJsonSha256: 'e'.repeat(64), pools: [{ id: 'P', sha256: 'f'.repeat(64), winners: 2, alternatesDrawn: 1 }] } };
const bundle: CeremonyEvent = { type: 'bundle-written', data: { name: 'b', evidenceDigest: '1'.repeat(64), files: 6 } };
const closed: CeremonyEvent = { type: 'ceremony-closed', data: { by: 'notary' } };
const aborted: CeremonyEvent = { type: 'ceremony-aborted', data: { reason: 'power', by: 'notary' } };
const voided = (n: number, digit: string): CeremonyEvent => ({ type: 'ball-voided', data: { n, digit, reason: 'misread', by: 'notary' } });

function stateAfter(...events: CeremonyEvent[]): CeremonyState {
  const { state, refused } = foldEvents(events);
  expect(refused).toBeUndefined();
  return state;
}

const codeOf = (s: CeremonyState, e: CeremonyEvent) => refusal(s, e)?.code;
const full = [created(), imported, confirmed, ball(1, '0'), ball(2, '4'), ball(3, '8'), seed('048'), results, bundle, closed];

describe('the ceremony state machine', () => {
  it('walks through every phase in order', () => {
    const phases = [INITIAL_STATE.phase];
    let s = INITIAL_STATE;
    for (const e of full) {
      expect(refusal(s, e)).toBeUndefined();
      s = apply(s, e);
      phases.push(s.phase);
    }
    expect(phases).toEqual(['new', 'created', 'imported', 'seeding', 'seeding', 'seeding', 'seed-complete', 'seed-confirmed', 'computed', 'sealed', 'closed']);
    expect(s.seq).toBe(full.length);
  });

  it('refuses anything before the ceremony is created, and a second creation', () => {
    expect(codeOf(INITIAL_STATE, imported)).toBe('not-created');
    expect(codeOf(stateAfter(created()), created())).toBe('already-created');
  });

  it('import: refused once the first ball is in, or for another period; a re-import before it needs a new confirmation', () => {
    const s = stateAfter(created(), imported, confirmed);
    const again = apply(s, imported);
    expect(again.sealDigestConfirmed).toBe(false);
    expect(again.phase).toBe('imported');
    expect(codeOf(stateAfter(created(), imported, confirmed, ball(1, '0')), imported)).toBe('balls-started');
    expect(codeOf(stateAfter(created(), imported, confirmed, ball(1, '0'), voided(1, '0')), imported)).toBe('balls-started');
    expect(codeOf(stateAfter(created()), { type: 'package-imported', data: { ...PKG, period: '2026-12' } })).toBe('period-mismatch');
  });

  it('seal digest confirmation: needs a package, once, and the same digest', () => {
    expect(codeOf(stateAfter(created()), confirmed)).toBe('no-package');
    expect(codeOf(stateAfter(created(), imported, confirmed), confirmed)).toBe('already-confirmed');
    expect(codeOf(stateAfter(created(), imported), { type: 'seal-digest-confirmed', data: { sealDigest: 'f'.repeat(64), by: 'notary' } })).toBe('digest-mismatch');
  });

  it('balls: only after the confirmation, in order, one digit, no more than the package says, none after the seed', () => {
    expect(codeOf(stateAfter(created(), imported), ball(1, '0'))).toBe('digest-unconfirmed');
    const s = stateAfter(created(), imported, confirmed, ball(1, '0'));
    expect(codeOf(s, ball(1, '0'))).toBe('ball-duplicate');
    expect(refusal(s, ball(1, '5'))?.en).toMatch(/ball 1 is recorded already as 0/);
    expect(codeOf(s, ball(3, '1'))).toBe('ball-skip');
    expect(refusal(s, ball(3, '1'))?.zh).toMatch(/下一个应为第 2 个球/);
    expect(codeOf(s, ball(2, 'x'))).toBe('ball-digit');
    expect(codeOf(s, ball(2, '12'))).toBe('ball-digit');
    const complete = stateAfter(created(), imported, confirmed, ball(1, '0'), ball(2, '4'), ball(3, '8'));
    expect(codeOf(complete, ball(4, '1'))).toBe('ball-extra');
    expect(codeOf(apply(complete, seed('048')), ball(4, '1'))).toBe('seed-confirmed');
  });

  it('voiding: only the last ball, its own digit, with a reason, before the seed; the index is then drawn again', () => {
    const s = stateAfter(created(), imported, confirmed, ball(1, '0'), ball(2, '4'));
    expect(codeOf(s, voided(1, '0'))).toBe('void-not-last');
    expect(codeOf(s, voided(2, '5'))).toBe('void-digit');
    expect(codeOf(s, { type: 'ball-voided', data: { n: 2, digit: '4', reason: ' ', by: 'notary' } })).toBe('reason-required');
    const after = apply(s, voided(2, '4'));
    expect(after.balls).toEqual(['0']);
    expect(refusal(after, ball(2, '7'))).toBeUndefined();
    expect(codeOf(stateAfter(created(), imported, confirmed), voided(1, '0'))).toBe('void-not-last');
    const confirmedSeed = stateAfter(created(), imported, confirmed, ball(1, '0'), ball(2, '4'), ball(3, '8'), seed('048'));
    expect(codeOf(confirmedSeed, voided(3, '8'))).toBe('seed-confirmed');
  });

  it('seed: only when every ball is in, once, and exactly the balls', () => {
    expect(codeOf(stateAfter(created(), imported, confirmed, ball(1, '0')), seed('0'))).toBe('seed-incomplete');
    const complete = stateAfter(created(), imported, confirmed, ball(1, '0'), ball(2, '4'), ball(3, '8'));
    expect(codeOf(complete, seed('049'))).toBe('seed-mismatch');
    expect(codeOf(apply(complete, seed('048')), seed('048'))).toBe('already-confirmed');
  });

  it('results only after the notary\'s seed confirmation, once; reveal, bundle and close in their turn', () => {
    const complete = stateAfter(created(), imported, confirmed, ball(1, '0'), ball(2, '4'), ball(3, '8'));
    expect(codeOf(complete, results)).toBe('seed-unconfirmed');
    const computed = apply(complete, seed('048'));
    expect(codeOf(computed, { type: 'reveal-progressed', data: { pool: 0, page: 0 } })).toBe('no-results');
    expect(codeOf(computed, bundle)).toBe('no-results');
    const withResults = apply(computed, results);
    expect(codeOf(withResults, results)).toBe('already-computed');
    expect(refusal(withResults, { type: 'reveal-progressed', data: { pool: 0, page: 3 } })).toBeUndefined();
    expect(codeOf(withResults, { type: 'reveal-progressed', data: { pool: 1, page: 0 } })).toBe('reveal-range');
    expect(codeOf(withResults, closed)).toBe('not-sealed');
    const sealed = apply(withResults, bundle);
    expect(refusal(sealed, bundle)).toBeUndefined(); // a second bundle of the same ceremony
    const done = apply(sealed, closed);
    for (const e of [ball(4, '1'), bundle, closed, aborted, imported]) expect(codeOf(done, e)).toBe('closed');
  });

  it('abort: any time before the close, with a reason; nothing after it', () => {
    for (let k = 1; k < full.length - 1; k++) {
      expect(refusal(stateAfter(...full.slice(0, k)), aborted)).toBeUndefined();
    }
    expect(codeOf(stateAfter(created()), { type: 'ceremony-aborted', data: { reason: '', by: 'notary' } })).toBe('reason-required');
    const s = apply(stateAfter(created(), imported), aborted);
    expect(s.phase).toBe('aborted');
    expect(refusal(s, confirmed)?.en).toMatch(/aborted \(power\)/);
  });

  it('a real draw refuses the rehearsal stand-in for the notary; a rehearsal accepts it', () => {
    const auto: CeremonyEvent = { type: 'seal-digest-confirmed', data: { sealDigest: PKG.sealDigest, by: 'rehearsal-auto' } };
    expect(codeOf(stateAfter(created(false), imported), auto)).toBe('notary-required');
    expect(refusal(stateAfter(created(true), imported), auto)).toBeUndefined();
  });

  it('a real draw takes no simulated ball and has a notary key from its first event; a rehearsal may do both without', () => {
    const simulated: CeremonyEvent = { type: 'ball-drawn', data: { n: 1, digit: '0', source: 'simulator', reading: 'simulate' } };
    const manual: CeremonyEvent = { type: 'ball-drawn', data: { n: 1, digit: '0', source: 'manual', reading: 'host: 0, notary: 0' } };
    expect(codeOf(stateAfter(created(false), imported, confirmed), simulated)).toBe('simulated-ball');
    expect(codeOf(stateAfter(created(false), imported, confirmed), manual)).toBeUndefined();
    expect(codeOf(stateAfter(created(false), imported, confirmed), ball(1, '0'))).toBeUndefined();
    expect(codeOf(stateAfter(created(true), imported, confirmed), simulated)).toBeUndefined();
    const keyless = { ...(created(false) as Extract<CeremonyEvent, { type: 'ceremony-created' }>).data, notary: undefined };
    expect(codeOf(INITIAL_STATE, { type: 'ceremony-created', data: keyless })).toBe('pin-required');
  });

  it('folding a journal stops at the first event that should never have been recorded', () => {
    const { refused, state } = foldEvents([created(), imported, ball(1, '0')]);
    expect(refused).toEqual({ seq: 3, refusal: expect.objectContaining({ code: 'digest-unconfirmed' }) });
    expect(state.seq).toBe(2);
  });
});
