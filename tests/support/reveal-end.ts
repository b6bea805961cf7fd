// The reveal's last page, where the bundle may be written (electron/service/journal-facts.ts).
import type { KioskView } from '../../electron/contract/kiosk-api.ts';
import { revealPages, type RevealPosition } from '../../electron/contract/reveal.ts';

/** The last pool's last page, as the service counts pages, from a view with results. */
export function lastRevealPage(view: KioskView): RevealPosition {
  const results = view.ceremony!.state.results!;
  const pool = results.pools.length - 1;
  return { pool, page: revealPages(results, pool, view.pageSize) - 1 };
}
