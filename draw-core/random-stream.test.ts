// Spec draw-v1 §3: the stream of a key and uniform(m), against node:crypto and BigInt.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RandomStream } from './random-stream.ts';

function block(key: Buffer, i: number): Buffer {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(i));
  return createHash('sha256').update(Buffer.concat([key, counter])).digest();
}

/** u_k read directly from the definition. */
function word(key: Buffer, k: number): bigint {
  return block(key, Math.floor(k / 4)).readBigUInt64BE(8 * (k % 4));
}

const keyFor = (n: number) => createHash('sha256').update(`key ${n}`).digest();

describe('random stream (spec §3)', () => {
  it('reads four big-endian words per block, blocks in order', () => {
    const key = keyFor(1);
    const stream = new RandomStream(key);
    for (let k = 0; k < 13; k++) expect(stream.nextU64()).toBe(word(key, k));
  });

  it('uniform(m) returns u mod m when u < L', () => {
    const key = keyFor(2);
    const stream = new RandomStream(key);
    for (const [k, m] of [[0, 10], [1, 1], [2, 1_000_003], [3, Number.MAX_SAFE_INTEGER]] as const) {
      expect(stream.uniform(m)).toBe(Number(word(key, k) % BigInt(m)));
    }
  });

  it('uniform(m) discards u >= L and takes the next word', () => {
    // For this m, L = m * 2048 and about 1 word in 2049 lies at or above L.
    const m = Number((1n << 64n) / 2049n) + 1;
    const mb = BigInt(m);
    const limit = mb * ((1n << 64n) / mb);
    let n = 0;
    while (word(keyFor(n), 0) < limit) n++;
    const key = keyFor(n);
    expect(word(key, 1)).toBeLessThan(limit);
    expect(new RandomStream(key).uniform(m)).toBe(Number(word(key, 1) % mb));
  });

  it('gives the same stream with a native SHA-256 as with the default', () => {
    const native = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
    const a = new RandomStream(keyFor(4));
    const b = new RandomStream(keyFor(4), native);
    for (let k = 0; k < 50; k++) expect(b.uniform(1000 + k)).toBe(a.uniform(1000 + k));
  });

  it('refuses m outside 1..2^53-1', () => {
    const stream = new RandomStream(keyFor(3));
    for (const m of [0, -1, 2 ** 53, 1.5]) expect(() => stream.uniform(m)).toThrow(RangeError);
  });
});
