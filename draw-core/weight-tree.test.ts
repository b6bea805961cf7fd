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
    for (const n of [1, 2, 3, 7, 8, 9, 31, 64, 100]) {
      const w = Array.from({ length: n }, () => 1 + rand(13));
      const tree = new WeightTree(Uint32Array.from(w));
      for (let step = 0; step < n; step++) {
        const total = w.reduce((a, b) => a + b, 0);
        expect(tree.total).toBe(total);
        for (let r = 0; r < total; r++) expect(tree.find(r)).toBe(linearFind(w, r));
        const i = linearFind(w, rand(total));
        tree.remove(i);
        w[i] = 0;
      }
      expect(tree.total).toBe(0);
    }
  });
});
