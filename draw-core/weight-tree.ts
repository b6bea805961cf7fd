// A Fenwick tree over the pool's weights (spec draw-v1 §4 note): each selection and
// removal is O(log n). Prefix sums stay below 2^53 (manifest totalWeight bound), so
// Float64Array holds them exactly.
export class WeightTree {
  readonly #tree: Float64Array; // 1-based
  readonly #weights: Uint32Array;
  readonly #removed: Uint8Array;
  readonly #topStep: number;
  #total: number;

  constructor(weights: Uint32Array) {
    const n = weights.length;
    this.#weights = weights;
    this.#removed = new Uint8Array(n);
    this.#tree = new Float64Array(n + 1);
    let total = 0;
    for (let i = 1; i <= n; i++) {
      const w = weights[i - 1]!;
      total += w;
      this.#tree[i]! += w;
      const parent = i + (i & -i);
      if (parent <= n) this.#tree[parent]! += this.#tree[i]!;
    }
    this.#total = total;
    let step = 1;
    while (step * 2 <= n) step *= 2;
    this.#topStep = n === 0 ? 0 : step;
  }

  /** W: the weight still in the pool. */
  get total(): number {
    return this.#total;
  }

  /** The smallest index i with w_0 + … + w_i > r, for 0 ≤ r < total. */
  find(r: number): number {
    const n = this.#weights.length;
    let pos = 0;
    let rest = r;
    for (let step = this.#topStep; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= n && this.#tree[next]! <= rest) {
        pos = next;
        rest -= this.#tree[next]!;
      }
    }
    return pos;
  }

  /** Sets entry i's weight to 0 (the caller's weights array is left as it is). */
  remove(i: number): void {
    if (this.#removed[i]) return;
    this.#removed[i] = 1;
    const w = this.#weights[i]!;
    this.#total -= w;
    for (let j = i + 1; j < this.#tree.length; j += j & -j) this.#tree[j]! -= w;
  }
}
