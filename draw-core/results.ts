// Result files (spec draw-v1 §5) and the results.json summary that `draw run` writes.
import { utf8ToBytes } from './bytes.ts';
import { codeAt, type PoolEntries } from './pool-file.ts';

export const RESULT_HEADER = 'rank,code,status\n';

/** `<poolId>.csv`: header, then `rank,code,status` per rank; LF endings, final newline. */
export function resultCsv(entries: PoolEntries, selected: Uint32Array, quota: number): Uint8Array {
  const lines = [RESULT_HEADER];
  for (let j = 0; j < selected.length; j++) {
    lines.push(`${j + 1},${codeAt(entries, selected[j]!)},${j < quota ? 'winner' : 'alternate'}\n`);
  }
  return utf8ToBytes(lines.join(''));
}

export function resultFileName(poolId: string): string {
  return `${poolId}.csv`;
}

export interface PoolResultSummary {
  readonly id: string;
  readonly name: string;
  readonly entries: number;
  readonly totalWeight: number;
  readonly quota: number;
  readonly alternates: number;
  /** Winners drawn: min(quota, entries). */
  readonly winners: number;
  /** Alternates drawn: R − winners. */
  readonly alternatesDrawn: number;
  readonly file: string;
  readonly sha256: string;
}

export interface ResultsSummary {
  readonly format: 'draw-results/1';
  readonly spec: 'draw-v1';
  readonly period: string;
  readonly title: string;
  readonly sealDigest: string;
  readonly balls: string;
  readonly masterSeed: string;
  readonly pools: readonly PoolResultSummary[];
  /** In an evidence bundle: which ceremony, and whether it was a rehearsal. */
  readonly ceremonyId?: string;
  readonly rehearsal?: boolean;
}

/** results.json bytes: two-space JSON, final newline, keys in the order of the types above. */
export function resultsJson(summary: ResultsSummary): Uint8Array {
  return utf8ToBytes(`${JSON.stringify(summary, null, 2)}\n`);
}
