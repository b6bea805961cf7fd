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

export interface ResultRow {
  readonly rank: number;
  readonly code: string;
  readonly status: 'winner' | 'alternate';
}

/** The rows of a result file, as the draw wrote it: the one reader of the format above. */
export function resultRows(csv: Uint8Array): ResultRow[] {
  const lines = new TextDecoder().decode(csv).split('\n').slice(1, -1);
  return lines.map((line) => {
    const [rank, code, status] = line.split(',') as [string, string, ResultRow['status']];
    return { rank: Number(rank), code, status };
  });
}

/** The published GBK CSV (docs/spec/evidence-bundle.md): its header, and the status in Chinese. */
export const GBK_HEADER = '名次,编码,状态';
export const STATUS_ZH = { winner: '中签', alternate: '候补' } as const;

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
