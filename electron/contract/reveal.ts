// The order of the reveal, one for the console's buttons and the service's automatic pace:
// pool after pool, page after page, `pageSize` result rows (winners, then alternates) a page.
import type { ResultsFact } from '../../draw-core/ceremony.ts';

export interface RevealPosition {
  readonly pool: number;
  readonly page: number;
}

/** The automatic pace's bounds (the command's schema) and where it starts. */
export const PACE_MS = { min: 2000, max: 120_000, initial: 4000 } as const;

/** A pool's pages: at least one, even for a pool that drew nobody. */
export function revealPages(results: ResultsFact, pool: number, pageSize: number): number {
  const p = results.pools[pool]!;
  return Math.max(1, Math.ceil((p.winners + p.alternatesDrawn) / pageSize));
}

/** The page after `at` (nothing shown yet: the first pool's first page); undefined after the last page of the last pool. */
export function nextRevealPosition(results: ResultsFact, at: RevealPosition | undefined, pageSize: number): RevealPosition | undefined {
  if (!at) return { pool: 0, page: 0 };
  if (at.page + 1 < revealPages(results, at.pool, pageSize)) return { pool: at.pool, page: at.page + 1 };
  return at.pool + 1 < results.pools.length ? { pool: at.pool + 1, page: 0 } : undefined;
}

/** The page before `at`: the previous pool's last page before a pool's first; undefined at the very first. */
export function previousRevealPosition(results: ResultsFact, at: RevealPosition | undefined, pageSize: number): RevealPosition | undefined {
  if (!at) return undefined;
  if (at.page > 0) return { pool: at.pool, page: at.page - 1 };
  return at.pool > 0 ? { pool: at.pool - 1, page: revealPages(results, at.pool - 1, pageSize) - 1 } : undefined;
}
