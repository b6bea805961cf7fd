// Spec draw-v1 §3: the stream of a key and uniform(m), against node:crypto and BigInt.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mod64, RandomStream } from './random-stream.ts';

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

  it('uniform(m) accepts a word in the top 2^53 when it is still below L', () => {
    let n = 0;
    while (word(keyFor(n), 0) >> 32n < 0xffe00000n) n++;
    const key = keyFor(n);
    for (const m of [10, 2 ** 40 + 7]) {
      const mb = BigInt(m);
      expect(word(key, 0)).toBeLessThan(mb * ((1n << 64n) / mb));
      expect(new RandomStream(key).uniform(m)).toBe(Number(word(key, 0) % mb));
    }
  });

  it('gives the same stream with a native SHA-256 as with the default', () => {
    const native = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
    const a = new RandomStream(keyFor(4));
    const b = new RandomStream(keyFor(4), native);
    for (let k = 0; k < 50; k++) expect(b.uniform(1000 + k)).toBe(a.uniform(1000 + k));
  });

  it('mod64 equals BigInt arithmetic for m across the whole range', () => {
    let s = 1n;
    const next = () => (s = (s * 6364136223846793005n + 1442695040888963407n) % (1n << 64n));
    const ms = [1, 2, 3, 10, 2 ** 21 - 1, 2 ** 21, 2 ** 21 + 1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 52, 2 ** 53 - 2, 2 ** 53 - 1];
    for (let k = 0; k < 2000; k++) ms.push(Number(next() % (1n << BigInt(1 + (k % 53)))) + 1);
    for (const m of ms) {
      for (const u of [0n, (1n << 64n) - 1n, (1n << 32n) - 1n, 1n << 32n, next(), next()]) {
        const hi = Number(u >> 32n);
        const lo = Number(u & 0xffffffffn);
        expect(mod64(hi, lo, m), `u=${u} m=${m}`).toBe(Number(u % BigInt(m)));
      }
    }
  });

  it('uniform(m) agrees with the definition over many keys and every size of m', () => {
    for (let n = 0; n < 300; n++) {
      const key = keyFor(1000 + n);
      const m = Number(BigInt(`0x${key.toString('hex').slice(0, 13)}`) >> BigInt(n % 52)) + 1; // 1 .. 2^52
      const stream = new RandomStream(key);
      const mb = BigInt(m);
      const limit = mb * ((1n << 64n) / mb);
      let k = 0;
      while (word(key, k) >= limit) k++;
      expect(stream.uniform(m)).toBe(Number(word(key, k) % mb));
    }
  });

  it('refuses m outside 1..2^53-1', () => {
    const stream = new RandomStream(keyFor(3));
    for (const m of [0, -1, 2 ** 53, 1.5]) expect(() => stream.uniform(m)).toThrow(RangeError);
  });
});
