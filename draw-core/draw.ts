// One draw: a verified package and the balls in, every pool's result file out.
import { bytesToHex } from './bytes.ts';
import { failWith, type Place } from './errors.ts';
import { allocate, rankCount } from './allocate.ts';
import type { SealedPackage } from './package.ts';
import { resultCsv, resultFileName, type PoolResultSummary, type ResultsSummary } from './results.ts';
import { checkBalls, masterSeed, poolKey } from './seed.ts';
import { sha256, sha256Hex, type Sha256 } from './sha256.ts';

export interface PoolResult {
  readonly summary: PoolResultSummary;
  /** Entry indices in rank order. */
  readonly selected: Uint32Array;
  readonly csv: Uint8Array;
}

export interface DrawResult {
  readonly summary: ResultsSummary;
  readonly pools: readonly PoolResult[];
}

/**
 * `ballsPlace` names where the balls came from in an error (e.g. the --balls argument);
 * `hash` may be a native SHA-256 for speed.
 */
export function draw(pkg: SealedPackage, balls: string, ballsPlace: Place, hash: Sha256 = sha256): DrawResult {
  const wrong = checkBalls(balls, pkg.manifest.balls);
  if (wrong) failWith(ballsPlace, wrong);
  const master = masterSeed(pkg.sealDigest, balls);
  const pools = pkg.pools.map(({ spec, entries }): PoolResult => {
    const ranks = rankCount(entries.count, spec.quota, spec.alternates);
    const selected = allocate(entries, ranks, poolKey(master, spec.id), hash);
    const csv = resultCsv(entries, selected, spec.quota);
    const winners = Math.min(spec.quota, ranks);
    return {
      selected,
      csv,
      summary: {
        id: spec.id,
        name: spec.name,
        entries: spec.entries,
        totalWeight: spec.totalWeight,
        quota: spec.quota,
        alternates: spec.alternates,
        winners,
        alternatesDrawn: ranks - winners,
        file: resultFileName(spec.id),
        sha256: sha256Hex(csv, hash),
      },
    };
  });
  return {
    pools,
    summary: {
      format: 'draw-results/1',
      spec: 'draw-v1',
      period: pkg.manifest.period,
      title: pkg.manifest.title,
      sealDigest: pkg.sealDigest,
      balls,
      masterSeed: bytesToHex(master),
      pools: pools.map((p) => p.summary),
    },
  };
}
