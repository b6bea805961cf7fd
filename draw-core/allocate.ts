// Weighted sampling without replacement (spec draw-v1 §4).
import type { PoolEntries } from './pool-file.ts';
import { RandomStream } from './random-stream.ts';
import { WeightTree } from './weight-tree.ts';

/** R = min(quota + alternates, n): how many ranks a pool gets. */
export function rankCount(entries: number, quota: number, alternates: number): number {
  return Math.min(quota + alternates, entries);
}

/** Entry indices in rank order (rank j is element j − 1), drawn from the pool key's stream. */
export function allocate(entries: Pick<PoolEntries, 'weights'>, ranks: number, key: Uint8Array): Uint32Array {
  const tree = new WeightTree(entries.weights);
  const stream = new RandomStream(key);
  const selected = new Uint32Array(ranks);
  for (let j = 0; j < ranks; j++) {
    const i = tree.find(stream.uniform(tree.total));
    selected[j] = i;
    tree.remove(i);
  }
  return selected;
}
