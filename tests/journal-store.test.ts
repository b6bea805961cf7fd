// The journal on a real SQLite file: durable settings, append-only chain, and every kind
// of damage reported with the first bad sequence number when the journal is opened.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toFailure } from '../electron/node/failure.ts';
import { JournalStore } from '../electron/node/journal-store.ts';
import { tempDir } from './support/packages.ts';

function journalWith(n: number): string {
  const path = join(tempDir(), 'journal.sqlite');
  const store = new JournalStore(path);
  for (let i = 1; i <= n; i++) store.append('ball-drawn', { n: i, digit: String(i % 10), source: 'machine', reading: `$BALL,${i}` }, `2026-11-22T10:00:${String(i).padStart(2, '0')}.000Z`);
  store.close();
  return path;
}

function tamper(path: string, sql: string): void {
  const db = new Database(path);
  db.exec(sql);
  db.close();
}

function brokenAt(path: string): number {
  try {
    new JournalStore(path).close();
  } catch (e) {
    const failure = toFailure(e);
    expect(failure).toMatchObject({ kind: 'journal-broken', file: path });
    return failure.kind === 'journal-broken' ? failure.seq : 0;
  }
  throw new Error('the damage was not detected');
}

describe('journal store', () => {
  it('opens with WAL and synchronous=FULL, and reads back every record after reopening', () => {
    const path = journalWith(5);
    const store = new JournalStore(path);
    expect(store.records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(store.durability).toEqual({ journalMode: 'wal', synchronous: 'FULL' });
    store.close();
    const plain = new Database(path);
    expect(plain.pragma('synchronous', { simple: true })).not.toBe(2); // SQLite's default is not FULL in WAL: the store sets it
    plain.close();
  });

  it('one process at a time: a second opening of the same journal is refused while the first holds it', () => {
    const path = journalWith(2);
    const first = new JournalStore(path);
    const child = spawnSync(process.execPath, ['-e', `
      import('${new URL('../electron/node/journal-store.ts', import.meta.url).href}').then(({ JournalStore }) => {
        try { new JournalStore(process.argv[1]); console.log('opened'); } catch (e) { console.log(e.failure.kind); }
      });`, path], { encoding: 'utf8', timeout: 30_000 });
    expect(child.stdout.trim()).toBe('journal-busy');
    expect(() => new JournalStore(path)).toThrow(expect.objectContaining({ failure: { kind: 'journal-busy', file: path } }));
    first.close();
    const again = new JournalStore(path);
    expect(again.records).toHaveLength(2);
    again.close();
  });

  it('detects a truncated last record', () => {
    const path = journalWith(5);
    tamper(path, "UPDATE events SET data = substr(data, 1, length(data) - 4) WHERE seq = 5");
    expect(brokenAt(path)).toBe(5);
  });

  it('detects a flipped byte', () => {
    const path = journalWith(5);
    tamper(path, "UPDATE events SET data = replace(data, '\"digit\":\"3\"', '\"digit\":\"8\"') WHERE seq = 3");
    expect(brokenAt(path)).toBe(3);
  });

  it('detects a deleted event', () => {
    const path = journalWith(5);
    tamper(path, 'DELETE FROM events WHERE seq = 2');
    expect(brokenAt(path)).toBe(2);
  });

  it('detects a reordered pair', () => {
    const path = journalWith(5);
    tamper(path, `UPDATE events SET seq = -1 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = 4; UPDATE events SET seq = 4 WHERE seq = -1;`);
    expect(brokenAt(path)).toBe(3);
    const swappedData = journalWith(5);
    tamper(swappedData, `UPDATE events SET data = (SELECT data FROM events WHERE seq = 4) WHERE seq = 3`);
    expect(brokenAt(swappedData)).toBe(3);
  });

  it('a broken journal is never appended to', () => {
    const path = journalWith(3);
    tamper(path, "UPDATE events SET time = 'x' WHERE seq = 2");
    expect(() => new JournalStore(path)).toThrow(expect.objectContaining({ failure: expect.objectContaining({ kind: 'journal-broken', seq: 2 }) }));
    const db = new Database(path);
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 3 });
    db.close();
  });
});
