// The ceremony journal on SQLite (docs/JOURNAL.md): append-only, one transaction per
// event, WAL with synchronous=FULL set on every open, so an event is on disk before
// anyone is shown it. The hash chain is re-checked whenever the journal is opened. Each row
// may also carry the notary's MAC (electron/node/notary-key.ts), which the service checks.
import Database from 'better-sqlite3';
import * as v from 'valibot';
import type { Json } from '../../draw-core/canonical-json.ts';
import { canonicalJson } from '../../draw-core/canonical-json.ts';
import { chainRecord, checkChain, JournalRecordSchema, type JournalRecord } from '../../draw-core/journal-chain.ts';
import { failWith } from './failure.ts';
import { nativeSha256 } from './package-files.ts';

interface Row {
  seq: number;
  time: string;
  type: string;
  data: string;
  prev: string;
  hash: string;
  mac: string | null;
}

export class JournalStore {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  #records: JournalRecord[];
  #macs: (string | null)[] = [];

  /** Opens (creating if missing) and re-checks the whole chain: a broken one fails `journal-broken`, one open elsewhere `journal-busy`. */
  constructor(path: string) {
    this.path = path;
    this.#db = new Database(path, { timeout: 500 });
    // One process drives a ceremony: the exclusive lock is taken now and held until close,
    // so a second kiosk or command on the same folder is refused instead of interleaving.
    this.#db.pragma('locking_mode = EXCLUSIVE');
    try {
      this.#db.pragma('journal_mode = WAL');
      this.#db.exec('BEGIN IMMEDIATE; COMMIT');
    } catch (e) {
      this.close();
      if ((e as { code?: string }).code === 'SQLITE_BUSY') failWith({ kind: 'journal-busy', file: path });
      throw e;
    }
    this.#db.pragma('synchronous = FULL');
    this.#db.exec(`CREATE TABLE IF NOT EXISTS events (
      seq INTEGER PRIMARY KEY, time TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL, mac TEXT)`);
    this.#insert = this.#db.prepare('INSERT INTO events (seq, time, type, data, prev, hash, mac) VALUES (@seq, @time, @type, @data, @prev, @hash, @mac)');
    this.#records = this.#readAll();
  }

  #readAll(): JournalRecord[] {
    const rows = this.#db.prepare('SELECT seq, time, type, data, prev, hash, mac FROM events ORDER BY seq').all() as Row[];
    const records: JournalRecord[] = [];
    for (const { mac, ...row } of rows) {
      let parsed: v.SafeParseResult<typeof JournalRecordSchema> | undefined;
      try {
        parsed = v.safeParse(JournalRecordSchema, { ...row, data: JSON.parse(row.data) as Json });
      } catch {
        parsed = undefined;
      }
      if (!parsed?.success || (mac !== null && !/^[0-9a-f]{64}$/.test(String(mac)))) {
        this.close();
        failWith({ kind: 'journal-broken', file: this.path, seq: records.length + 1 });
      }
      records.push(parsed.output);
      this.#macs.push(mac);
    }
    const brk = checkChain(records, nativeSha256);
    if (brk) {
      this.close();
      failWith({ kind: 'journal-broken', file: this.path, seq: brk.seq, words: { zh: brk.zh, en: brk.en } });
    }
    return records;
  }

  get records(): readonly JournalRecord[] {
    return this.#records;
  }

  /** The notary's MAC stored with record `seq` (1-based), if any. */
  macOf(seq: number): string | undefined {
    return this.#macs[seq - 1] ?? undefined;
  }

  /** Appends one event in its own transaction, with its MAC when a key is given; returns once it is durable. */
  append(type: string, data: Json, time: string, macOf?: (hash: string) => string): JournalRecord {
    const record = chainRecord(this.#records.at(-1), time, type, data, nativeSha256);
    const mac = macOf?.(record.hash) ?? null;
    this.#insert.run({ ...record, data: canonicalJson(record.data), mac });
    this.#records.push(record);
    this.#macs.push(mac);
    return record;
  }

  /** The durability settings in force on this connection, as SQLite reports them. */
  get durability(): { journalMode: string; synchronous: 'FULL' | 'other' } {
    return {
      journalMode: String(this.#db.pragma('journal_mode', { simple: true })),
      synchronous: this.#db.pragma('synchronous', { simple: true }) === 2 ? 'FULL' : 'other',
    };
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
