// What the screens need from the journal beyond the fold's state: whether the audience has seen
// the reveal's last page (the bundle is written only then: writing it stops the recording and
// ends the reveal), and when each bundle was sealed (the time the notary writes on the report).
// Views are pushed after every change, so the journal is read on from the last record seen.
import type { ResultsFact } from '../../draw-core/ceremony.ts';
import type { JournalRecord } from '../../draw-core/journal-chain.ts';
import { revealPages } from '../contract/reveal.ts';

export interface JournalFacts {
  /** The last page of the last pool has been on the stage (the host may have gone back since). */
  readonly revealFinished: boolean;
  /** Each bundle's journal time (ISO 8601 UTC), by its name. */
  readonly sealedAt: Readonly<Record<string, string>>;
}

export class JournalReader {
  readonly #pageSize: number;
  #seen = 0;
  #revealFinished = false;
  #sealedAt: Record<string, string> = {};

  constructor(pageSize: number) {
    this.#pageSize = pageSize;
  }

  /** The facts of `records` (one ceremony's journal, which only grows), given its results once computed. */
  read(records: readonly JournalRecord[], results: ResultsFact | undefined): JournalFacts {
    const last = results && results.pools.length > 0
      ? { pool: results.pools.length - 1, page: revealPages(results, results.pools.length - 1, this.#pageSize) - 1 }
      : undefined;
    for (; this.#seen < records.length; this.#seen++) {
      const r = records[this.#seen]!;
      if (r.type === 'reveal-progressed') {
        const at = r.data as { pool: number; page: number };
        if (last && at.pool === last.pool && at.page === last.page) this.#revealFinished = true;
      } else if (r.type === 'bundle-written') {
        this.#sealedAt = { ...this.#sealedAt, [(r.data as { name: string }).name]: r.time };
      }
    }
    return { revealFinished: this.#revealFinished || (results !== undefined && last === undefined), sealedAt: this.#sealedAt };
  }
}
