// A forger's tools, written from docs/JOURNAL.md without the project's code: the canonical
// JSON of a record and its hash chain, recomputed after an edit, as an attacker would; and the
// kiosk's SQLite journal rewritten the same way, with better-sqlite3 directly; a bundle copied,
// changed and its SHA256SUMS rewritten to match.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { tempDir } from './packages.ts';

export function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}

export interface ForgedRecord { seq: number; time: string; type: string; data: Record<string, unknown>; prev: string; hash: string }

/** Recomputes prev and hash of every record in order, so the plain chain checks out again. */
export function rechain<R extends ForgedRecord>(records: R[]): R[] {
  let prev = '0'.repeat(64);
  return records.map((r) => {
    const hash = createHash('sha256').update(canonical({ data: r.data, prev, seq: r.seq, time: r.time, type: r.type })).digest('hex');
    const next = { ...r, prev, hash };
    prev = hash;
    return next;
  });
}

/** journal.jsonl text edited record by record, its chain recomputed. */
export function forgeJournal(text: string, edit: (r: ForgedRecord) => void): string {
  const records = text.trimEnd().split('\n').map((l) => JSON.parse(l) as ForgedRecord);
  records.forEach(edit);
  return rechain(records).map((r) => `${canonical(r)}\n`).join('');
}

/** A bundle's journal rewritten record by record (inserted, removed, changed), renumbered and rechained. */
export const journalRewrite = (change: (rs: ForgedRecord[]) => void) => (dir: string): void => {
  const path = join(dir, 'journal.jsonl');
  const records = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as ForgedRecord);
  change(records);
  writeFileSync(path, rechain(records.map((r, i) => ({ ...r, seq: i + 1 }))).map((r) => `${canonical(r)}\n`).join(''));
};

/** A rehearsal bundle's journal dressed up as a real draw (a notary key, the notary confirming), its chain recomputed. */
export function dressAsRealDraw(bundleDir: string): void {
  const path = join(bundleDir, 'journal.jsonl');
  writeFileSync(path, forgeJournal(readFileSync(path, 'utf8'), (r) => {
    if (r.type === 'ceremony-created') {
      r.data.rehearsal = false;
      r.data.notary = { kdf: 'scrypt', N: 65536, r: 8, p: 1, salt: '5'.repeat(32) };
    }
    if (r.data.by === 'rehearsal-auto') r.data.by = 'notary';
  }));
}

interface Row { seq: number; time: string; type: string; data: string; prev: string; hash: string; mac: string | null }

/**
 * The attacker's edit of a ceremony folder's journal.sqlite: change a record's data, then
 * recompute the plain hash chain from there on; `macs` may strip or plant the notary's MACs.
 */
export function rewriteJournal(dir: string, seq: number, change: (data: Record<string, unknown>) => void, macs?: (row: { mac: string | null }) => string | null): void {
  const db = new Database(join(dir, 'journal.sqlite'));
  const rows = db.prepare('SELECT * FROM events ORDER BY seq').all() as Row[];
  const records = rechain(rows.map((row) => {
    const data = JSON.parse(row.data) as Record<string, unknown>;
    if (row.seq === seq) change(data);
    return { ...row, data };
  }));
  const update = db.prepare('UPDATE events SET data = ?, prev = ?, hash = ?, mac = ? WHERE seq = ?');
  for (const r of records) update.run(canonical(r.data), r.prev, r.hash, macs ? macs(r) : r.mac, r.seq);
  db.close();
}

/** Every file under `dir`, as '/'-separated bundle paths in UTF-16 order (SHA256SUMS's order). */
export function bundlePaths(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/')).sort();
}

/** SHA256SUMS rewritten for the files as they now are, every one listed, as a forger would. */
export function resum(dir: string): void {
  const names = bundlePaths(dir).filter((n) => n !== 'SHA256SUMS');
  writeFileSync(join(dir, 'SHA256SUMS'), names.map((n) => `${createHash('sha256').update(readFileSync(join(dir, n))).digest('hex')}  ${n}\n`).join(''));
}

/** A copy of the bundle at `from` with `change` applied; SHA256SUMS rewritten to match unless `sums` is false. */
export function forgedBundle(from: string, change: (dir: string) => void, sums = true): string {
  const dir = join(tempDir(), 'bundle');
  cpSync(from, dir, { recursive: true });
  change(dir);
  if (sums) resum(dir);
  return dir;
}
