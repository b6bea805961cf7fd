// Weighted sampling without replacement (spec draw-v1 §4).
import type { PoolEntries } from './pool-file.ts';
import { RandomStream } from './random-stream.ts';
import { sha256, type Sha256 } from './sha256.ts';
import { WeightTree } from './weight-tree.ts';

/** R = min(quota + alternates, n): how many ranks a pool gets. */
export function rankCount(entries: number, quota: number, alternates: number): number {
  return Math.min(quota + alternates, entries);
}

/** Entry indices in rank order (rank j is element j − 1), drawn from the pool key's stream. */
export function allocate(entries: Pick<PoolEntries, 'weights'>, ranks: number, key: Uint8Array, hash: Sha256 = sha256): Uint32Array {
  const tree = new WeightTree(entries.weights);
  const stream = new RandomStream(key, hash);
  const selected = new Uint32Array(ranks);
  for (let j = 0; j < ranks; j++) {
    selected[j] = tree.take(stream.uniform(tree.total));
  }
  return selected;
}
