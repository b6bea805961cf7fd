// The protocol's rules for a reading (docs/spec/ball-machine-protocol.md, §3 "Rules the kiosk enforces").
import { describe, expect, it } from 'vitest';
import { judgeReading } from './ball-rules.ts';
import { apply, foldEvents, type CeremonyEvent, type CeremonyState } from './ceremony.ts';

const events: CeremonyEvent[] = [
  { type: 'ceremony-created', data: { ceremonyId: 'c', period: 'p', kind: 'quota-allocation', rehearsal: false, software: { name: 'x', version: '1', codeDigest: '0' }, notary: { kdf: 'scrypt', N: 65536, r: 8, p: 1, salt: '0'.repeat(32) } } },
  { type: 'package-imported', data: { sealDigest: 'a', period: 'p', title: 't', balls: 4, pools: [] } },
  { type: 'seal-digest-confirmed', data: { sealDigest: 'a', by: 'notary' } },
  { type: 'ball-drawn', data: { n: 1, digit: '7', source: 'machine', reading: 'r1' } },
  { type: 'ball-drawn', data: { n: 2, digit: '3', source: 'machine', reading: 'r2' } },
];
const state = (evs = events): CeremonyState => foldEvents(evs).state;

describe('judging a machine reading', () => {
  it('the next index is accepted', () => expect(judgeReading(state(), 3, '5', 'r').kind).toBe('accept'));
  it('a repeat with the same digit is a duplicate', () => expect(judgeReading(state(), 2, '3', 'r').kind).toBe('duplicate'));
  it('a repeat with another digit is a conflict alarm', () => {
    expect(judgeReading(state(), 1, '8', '$BALL,1,8*0B')).toEqual({ kind: 'alarm', alarm: { kind: 'conflict', n: 1, digit: '8', expected: 3, reading: '$BALL,1,8*0B' } });
  });
  it('an index past the next is a skip alarm', () => {
    expect(judgeReading(state(), 4, '1', 'r')).toEqual({ kind: 'alarm', alarm: { kind: 'skip', n: 4, digit: '1', expected: 3, reading: 'r' } });
  });
  it('an index past the package\'s ball count is extra', () => expect(judgeReading(state(), 5, '1', 'r').kind).toBe('extra'));
  it('nothing is taken before the digest is confirmed, after the seed, or while an alarm is open', () => {
    expect(judgeReading(state(events.slice(0, 2)), 1, '1', 'r').kind).toBe('not-drawing');
    const alarmed = apply(state(), { type: 'ball-alarm', data: { kind: 'skip', n: 4, digit: '1', expected: 3, reading: 'r' } });
    expect(judgeReading(alarmed, 3, '5', 'r').kind).toBe('halted');
    const manual = apply(alarmed, { type: 'ball-alarm-resolved', data: { decision: 'manual', by: 'notary' } });
    expect(judgeReading(manual, 3, '5', 'r').kind).toBe('manual-expected');
    const full = foldEvents([...events, { type: 'ball-drawn', data: { n: 3, digit: '0', source: 'machine', reading: '' } }, { type: 'ball-drawn', data: { n: 4, digit: '0', source: 'machine', reading: '' } }, { type: 'seed-confirmed', data: { seed: '7300', by: 'notary' } }]).state;
    expect(judgeReading(full, 4, '0', 'r').kind).toBe('not-drawing');
  });
  it('an open alarm refuses balls and the seed; a conflict is resolved only after its balls are voided', () => {
    const conflict = apply(state(), { type: 'ball-alarm', data: { kind: 'conflict', n: 2, digit: '9', expected: 3, reading: 'r' } });
    const { refused } = foldEvents([...events, { type: 'ball-alarm', data: { kind: 'conflict', n: 2, digit: '9', expected: 3, reading: 'r' } },
      { type: 'ball-alarm-resolved', data: { decision: 'machine-next', by: 'notary' } }]);
    expect(refused?.refusal.code).toBe('void-first');
    const voided = apply(conflict, { type: 'ball-voided', data: { n: 2, digit: '3', reason: 'conflict', by: 'notary' } });
    const resolved = apply(voided, { type: 'ball-alarm-resolved', data: { decision: 'machine-next', by: 'notary' } });
    expect(resolved.alarm).toBeUndefined();
    expect(resolved.nextBallFrom).toBe('machine');
    expect(judgeReading(resolved, 2, '9', 'r').kind).toBe('accept');
    const next = apply(resolved, { type: 'ball-drawn', data: { n: 2, digit: '9', source: 'machine', reading: 'r' } });
    expect(next.nextBallFrom).toBeUndefined();
  });
});
