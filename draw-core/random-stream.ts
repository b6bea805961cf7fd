// The random stream of a pool key and uniform(m) (spec draw-v1 §3).
import { sha256, type Sha256 } from './sha256.ts';

const TWO_64 = 1n << 64n;

export class RandomStream {
  readonly #hash: Sha256;
  /** K || u64be(i): the key stays, the counter is rewritten for each block. */
  readonly #input: Uint8Array;
  readonly #counter: DataView;
  #block: DataView = new DataView(new ArrayBuffer(32));
  #blockIndex = 0;
  /** Next 8-byte word to read in the current block: 4 means the block is used up. */
  #word = 4;

  /** `hash` may be a native SHA-256 (the same function, faster); the default is @noble/hashes. */
  constructor(key: Uint8Array, hash: Sha256 = sha256) {
    this.#hash = hash;
    this.#input = new Uint8Array(key.length + 8);
    this.#input.set(key);
    this.#counter = new DataView(this.#input.buffer, key.length, 8);
  }

  /** u_0, u_1, …: consecutive 8-byte big-endian words of block_0 || block_1 || …, block_i = H(K || u64be(i)). */
  nextU64(): bigint {
    if (this.#word === 4) {
      this.#counter.setBigUint64(0, BigInt(this.#blockIndex++), false);
      const block = this.#hash(this.#input);
      this.#block = new DataView(block.buffer, block.byteOffset, 32);
      this.#word = 0;
    }
    return this.#block.getBigUint64(8 * this.#word++, false);
  }

  /** uniform(m), 1 ≤ m ≤ 2^53 − 1: rejection sampling below L = m·⌊2^64 / m⌋, then u mod m. */
  uniform(m: number): number {
    if (!Number.isSafeInteger(m) || m < 1) throw new RangeError(`uniform(m) needs 1 <= m <= 2^53-1, got ${m}`);
    const mb = BigInt(m);
    const limit = mb * (TWO_64 / mb);
    for (;;) {
      const u = this.nextU64();
      if (u < limit) return Number(u % mb);
    }
  }
}
