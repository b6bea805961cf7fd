// The weight still in the pool and the selection of spec draw-v1 §4.3: the smallest i
// with w_0 + … + w_i > r. The spec defines the result by the prefix sums, not by the
// data structure; this one is a Fenwick tree over blocks of 64 entries, then a scan
// inside the block. The tree of a 12-million-entry pool is then 1.5 MB and stays in
// cache, where one node per entry would be 48-96 MB of cache misses, and building it is
// a single sequential pass.
const BLOCK = 64;

export class WeightTree {
  /** 1-based Fenwick tree over block sums: node j covers blocks (j − lowbit(j), j]. Sums < 2^53: exact. */
  readonly #tree: Float64Array;
  readonly #weights: Uint32Array;
  readonly #removed: Uint8Array;
  readonly #topStep: number;
  readonly #path = new Int32Array(32);
  #total: number;

  constructor(weights: Uint32Array) {
    const n = weights.length;
    const blocks = Math.ceil(n / BLOCK);
    const tree = new Float64Array(blocks + 1);
    let total = 0;
    for (let b = 0; b < blocks; b++) {
      let sum = 0;
      for (let i = b * BLOCK, end = Math.min(i + BLOCK, n); i < end; i++) sum += weights[i]!;
      total += sum;
      tree[b + 1] = sum;
    }
    for (let j = 1; j <= blocks; j++) {
      const parent = j + (j & -j);
      if (parent <= blocks) tree[parent] = tree[parent]! + tree[j]!;
    }
    this.#tree = tree;
    this.#weights = weights;
    this.#removed = new Uint8Array(n);
    this.#total = total;
    let step = 1;
    while (step * 2 <= blocks) step *= 2;
    this.#topStep = blocks === 0 ? 0 : step;
  }

  /** W: the weight still in the pool. */
  get total(): number {
    return this.#total;
  }

  /** The smallest index i with w_0 + … + w_i > r (removed entries weigh 0), for 0 ≤ r < total. */
  find(r: number): number {
    return this.#descend(r, false);
  }

  /** find(r), and that entry's weight set to 0 (the caller's weights array is left as it is). */
  take(r: number): number {
    return this.#descend(r, true);
  }

  // The tree nodes the descent does not step past are exactly those covering the block
  // found, i.e. the ones a removal must update: no second walk up the tree is needed.
  #descend(r: number, take: boolean): number {
    if (!(r >= 0 && r < this.#total)) throw new RangeError(`r must be in [0, ${this.#total}), got ${r}`);
    const tree = this.#tree;
    const blocks = tree.length - 1;
    const path = this.#path;
    let depth = 0;
    let block = 0;
    let rest = r;
    for (let step = this.#topStep; step > 0; step >>= 1) {
      const next = block + step;
      if (next > blocks) continue;
      const v = tree[next]!;
      if (v <= rest) {
        block = next;
        rest -= v;
      } else {
        path[depth++] = next;
      }
    }
    const weights = this.#weights;
    const removed = this.#removed;
    let i = block * BLOCK;
    for (;; i++) {
      const w = removed[i] ? 0 : weights[i]!;
      if (w > rest) break;
      rest -= w;
    }
    if (take) {
      const w = weights[i]!;
      removed[i] = 1;
      this.#total -= w;
      for (let k = 0; k < depth; k++) tree[path[k]!] = tree[path[k]!]! - w;
    }
    return i;
  }
}
