// The operational log (docs/SECURITY.md, "The operational log"): what is not a ceremony fact
// but matters to an audit — PIN attempts, refused requests and commands, link drops, ignored
// readings, OBS drops, restarts. Append-only JSON lines in the journal's own record format and
// hash chain (draw-core/journal-chain.ts), fsynced per entry, beside the journal; the bundle
// carries a copy. A flood cannot fill the disk: past MAX_BYTES one `log-full` entry is written
// and later entries are only counted — except what KEPT names, which no flood may silence (a PIN
// attempt must stay on record, and the PIN delay is counted from the log); those are bounded by
// the PIN delay and by restarts themselves.
import { closeSync, constants, fdatasyncSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import * as v from 'valibot';
import type { Json } from '../../draw-core/canonical-json.ts';
import { chainRecord, GENESIS_HASH, JournalRecordSchema, recordHash, recordLine, type JournalRecord } from '../../draw-core/journal-chain.ts';
import { failWith } from './failure.ts';
import { ioReason, nativeSha256 } from './package-files.ts';

const MAX_BYTES = 32 * 2 ** 20;
const KEPT: ReadonlySet<string> = new Set(['pin-attempt', 'pin-delayed', 'journal-tampered', 'ceremony-resumed', 'ceremony-reopened', 'service-started']);

export type OperationDetail = Readonly<Record<string, string | number | boolean>>;

export class OperationsLog {
  readonly path: string;
  readonly #fd: number;
  readonly #records: JournalRecord[] = [];
  #bytes: number;
  #dropped = 0;

  readonly #maxBytes: number;

  /**
   * Opens (creating if missing) the log at `path`; a damaged log is noted in itself and continued.
   * `maxBytes` is for tests; the kiosk uses MAX_BYTES.
   */
  constructor(path: string, clock: () => string, maxBytes = MAX_BYTES) {
    this.#maxBytes = maxBytes;
    this.path = path;
    try {
      // O_NOFOLLOW: the log is ours; a symlink planted in its place is refused, not followed.
      this.#fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_APPEND | (constants.O_NOFOLLOW ?? 0), 0o600);
    } catch (e) {
      failWith({ kind: 'log-unusable', file: path, detail: ioReason(e) });
    }
    const stat = fstatSync(this.#fd);
    if (!stat.isFile()) {
      closeSync(this.#fd);
      failWith({ kind: 'log-unusable', file: path });
    }
    this.#bytes = stat.size;
    const damage = this.#readBack(stat.size);
    if (damage) this.record('log-damaged', { line: damage }, clock());
  }

  /** Every entry, oldest first. */
  get entries(): readonly JournalRecord[] {
    return this.#records;
  }

  /** Entries not written because the log was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** The whole log as it is on disk, for the bundle. */
  bytes(): Uint8Array {
    return new TextEncoder().encode(this.#records.map((r) => `${recordLine(r)}\n`).join(''));
  }

  record(kind: string, detail: OperationDetail, time: string): void {
    if (this.#bytes >= this.#maxBytes && !KEPT.has(kind)) {
      if (this.#dropped++ > 0) return;
      kind = 'log-full';
      detail = { limitBytes: this.#maxBytes };
    }
    const record = chainRecord(this.#records.at(-1), time, kind, detail as Json, nativeSha256);
    const line = Buffer.from(`${recordLine(record)}\n`);
    writeSync(this.#fd, line);
    fdatasyncSync(this.#fd);
    this.#bytes += line.length;
    this.#records.push(record);
  }

  close(): void {
    closeSync(this.#fd);
  }

  /** Reads the existing lines; returns the first damaged line number (torn or altered), if any. */
  #readBack(size: number): number | undefined {
    if (size === 0) return undefined;
    // Past the limit only KEPT entries are written: read them back too, within a bound.
    const buffer = Buffer.alloc(Math.min(size, this.#maxBytes + 16 * 2 ** 20));
    readSync(this.#fd, buffer, 0, buffer.length, 0);
    const lines = buffer.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    for (const [i, line] of lines.entries()) {
      let parsed;
      try {
        parsed = v.safeParse(JournalRecordSchema, JSON.parse(line));
      } catch {
        return i + 1;
      }
      const last = this.#records.at(-1);
      const r = parsed.success ? parsed.output : undefined;
      if (!r || r.seq !== (last?.seq ?? 0) + 1 || r.prev !== (last?.hash ?? GENESIS_HASH) || r.hash !== recordHash(r, nativeSha256)) {
        // A damaged log is continued from its last good line, so it is never blocked by its own damage.
        return i + 1;
      }
      this.#records.push(r);
    }
    return undefined;
  }
}
