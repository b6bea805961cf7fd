// The Fenwick tree must select exactly what the spec's prefix-sum definition selects (§4.3).
import { describe, expect, it } from 'vitest';
import { WeightTree } from './weight-tree.ts';

/** Spec §4.3 read literally: the smallest i with w_0 + … + w_i > r. */
function linearFind(w: number[], r: number): number {
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    sum += w[i]!;
    if (sum > r) return i;
  }
  throw new Error('r out of range');
}

describe('WeightTree', () => {
  it('finds like a linear scan, through removals, for every r', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (const n of [1, 2, 3, 7, 8, 9, 31, 63, 64, 65, 127, 128, 129, 700]) {
      const w = Array.from({ length: n }, () => 1 + rand(13));
      const tree = new WeightTree(Uint32Array.from(w));
      for (let step = 0; step < n; step++) {
        const total = w.reduce((a, b) => a + b, 0);
        expect(tree.total).toBe(total);
        // Every r for small pools; for larger ones, the block edges and a spread of r.
        const rs = n <= 129 ? Array.from({ length: total }, (_, r) => r) : Array.from({ length: 64 }, () => rand(total));
        for (const r of rs) expect(tree.find(r)).toBe(linearFind(w, r));
        const r = rand(total);
        const i = tree.take(r);
        expect(i).toBe(linearFind(w, r));
        w[i] = 0;
      }
      expect(tree.total).toBe(0);
    }
  });

  it('an empty pool has total 0 and nothing to find', () => {
    const tree = new WeightTree(new Uint32Array(0));
    expect(tree.total).toBe(0);
    expect(() => tree.find(0)).toThrow(RangeError);
  });

  it('refuses r outside [0, total)', () => {
    const tree = new WeightTree(Uint32Array.from([2, 3]));
    for (const r of [-1, 5, 6, Number.NaN]) expect(() => tree.find(r)).toThrow(RangeError);
  });
});
