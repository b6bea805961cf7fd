// The random stream of a pool key and uniform(m) (spec draw-v1 §3).
import { sha256, type Sha256 } from './sha256.ts';

const TWO_32 = 2 ** 32;
const TWO_64 = 1n << 64n;
/** Every u below (2^32 − 2^21)·2^32 = 2^64 − 2^53 is below L for any m < 2^53: see uniform. */
const HI_ALWAYS_BELOW_L = TWO_32 - 2 ** 21;

export class RandomStream {
  readonly #hash: Sha256;
  /** K || u64be(i): the key stays, the counter is rewritten for each block. */
  readonly #input: Uint8Array;
  readonly #counter: DataView;
  #block: DataView = new DataView(new ArrayBuffer(32));
  #blockIndex = 0;
  /** Next 8-byte word to read in the current block: 4 means the block is used up. */
  #word = 4;
  #hi = 0;
  #lo = 0;

  /** `hash` may be a native SHA-256 (the same function, faster); the default is @noble/hashes. */
  constructor(key: Uint8Array, hash: Sha256 = sha256) {
    this.#hash = hash;
    this.#input = new Uint8Array(key.length + 8);
    this.#input.set(key);
    this.#counter = new DataView(this.#input.buffer, key.length, 8);
  }

  /** Reads u_k, the next 8-byte big-endian word of block_0 || block_1 || …, block_i = H(K || u64be(i)), as two 32-bit halves. */
  #next(): void {
    if (this.#word === 4) {
      this.#counter.setBigUint64(0, BigInt(this.#blockIndex++), false);
      const block = this.#hash(this.#input);
      this.#block = new DataView(block.buffer, block.byteOffset, 32);
      this.#word = 0;
    }
    const at = 8 * this.#word++;
    this.#hi = this.#block.getUint32(at, false);
    this.#lo = this.#block.getUint32(at + 4, false);
  }

  nextU64(): bigint {
    this.#next();
    return (BigInt(this.#hi) << 32n) | BigInt(this.#lo);
  }

  /**
   * uniform(m), 1 ≤ m ≤ 2^53 − 1: take u; if u ≥ L = m·⌊2^64 / m⌋ discard it and take the
   * next; else return u mod m. Since L > 2^64 − m > 2^64 − 2^53, a word whose high half is
   * below 2^32 − 2^21 is always accepted; only the rare others (< 1 in 2000) need L itself.
   */
  uniform(m: number): number {
    if (!Number.isSafeInteger(m) || m < 1) throw new RangeError(`uniform(m) needs 1 <= m <= 2^53-1, got ${m}`);
    for (;;) {
      this.#next();
      if (this.#hi < HI_ALWAYS_BELOW_L) return mod64(this.#hi, this.#lo, m);
      const mb = BigInt(m);
      const u = (BigInt(this.#hi) << 32n) | BigInt(this.#lo);
      if (u < mb * (TWO_64 / mb)) return Number(u % mb);
    }
  }
}

/** (hi·2^32 + lo) mod m, exactly, in doubles: every intermediate stays an integer below 2^54 (even) or 2^53. */
export function mod64(hi: number, lo: number, m: number): number {
  let t = hi % m;
  if (m <= 2 ** 21) return (t * TWO_32 + lo) % m; // below 2^53: exact
  for (let k = 0; k < 32; k++) {
    t *= 2; // t < 2^53, so 2t < 2^54 and even: exact
    if (t >= m) t -= m;
  }
  const l = lo % m;
  const rest = m - t; // t + l could pass 2^53: add modulo m without forming it
  return l >= rest ? l - rest : t + l;
}
