// The journal's hash chain and canonical encoding (docs/JOURNAL.md), checked against an
// independent computation with node:crypto.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { chainRecord, checkChain, GENESIS_HASH, recordLine, type JournalRecord } from './journal-chain.ts';

function chain(n: number): JournalRecord[] {
  const out: JournalRecord[] = [];
  for (let i = 0; i < n; i++) out.push(chainRecord(out.at(-1), `2026-11-22T10:00:0${i}.000Z`, 'ball-drawn', { n: i + 1, digit: String(i % 10) }));
  return out;
}

describe('canonical JSON (RFC 8785, integers only)', () => {
  it('sorts keys, drops whitespace, keeps UTF-8 text as is', () => {
    expect(canonicalJson({ b: 1, a: [true, null, '个人'], c: { z: 'x', y: -3 } })).toBe('{"a":[true,null,"个人"],"b":1,"c":{"y":-3,"z":"x"}}');
    expect(canonicalJson('a"\\\n\u0001')).toBe('"a\\"\\\\\\n\\u0001"');
  });
  it('refuses numbers that are not safe integers', () => {
    for (const n of [1.5, 2 ** 53, Number.NaN, Infinity]) expect(() => canonicalJson(n)).toThrow(TypeError);
  });
});

describe('hash chain', () => {
  it('hash = SHA-256 of the canonical JSON of {data, prev, seq, time, type}; the first prev is 64 zeros', () => {
    const [r] = chain(1);
    const body = `{"data":{"digit":"0","n":1},"prev":"${GENESIS_HASH}","seq":1,"time":"2026-11-22T10:00:00.000Z","type":"ball-drawn"}`;
    expect(r!.hash).toBe(createHash('sha256').update(body).digest('hex'));
    expect(recordLine(r!)).toBe(`{"data":{"digit":"0","n":1},"hash":"${r!.hash}","prev":"${GENESIS_HASH}","seq":1,"time":"2026-11-22T10:00:00.000Z","type":"ball-drawn"}`);
  });

  it('a whole chain checks out', () => {
    expect(checkChain(chain(6))).toBeUndefined();
    expect(checkChain([])).toBeUndefined();
  });

  it('names the first bad record: altered data, a deleted record, a reordered pair, a forged hash', () => {
    const c = chain(6);
    const altered = c.map((r, i) => (i === 3 ? { ...r, data: { n: 4, digit: '9' } } : r));
    expect(checkChain(altered)?.seq).toBe(4);
    expect(checkChain([...c.slice(0, 2), ...c.slice(3)])?.seq).toBe(3);
    expect(checkChain([c[0]!, c[2]!, c[1]!, ...c.slice(3)])?.seq).toBe(2);
    const renumbered = [c[0]!, { ...c[2]!, seq: 2 }, { ...c[1]!, seq: 3 }, ...c.slice(3)];
    expect(checkChain(renumbered)?.seq).toBe(2);
    const rehashed = c.map((r, i) => (i === 4 ? { ...r, time: '2026-11-22T11:00:00.000Z' } : r));
    expect(checkChain(rehashed)?.seq).toBe(5);
  });
});
