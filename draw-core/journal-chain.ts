// The hash chain of the ceremony journal (docs/JOURNAL.md). Each record carries its
// sequence number (from 1), time, type, data, the previous record's hash (64 zeros for
// the first) and its own hash: SHA-256 of the canonical JSON of {data, prev, seq, time, type}.
import * as v from 'valibot';
import { utf8ToBytes } from './bytes.ts';
import { canonicalJson, type Json } from './canonical-json.ts';
import { sha256, sha256Hex, type Sha256 } from './sha256.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface JournalRecord {
  readonly seq: number;
  readonly time: string;
  readonly type: string;
  readonly data: Json;
  readonly prev: string;
  readonly hash: string;
}

const JsonSchema: v.GenericSchema<Json> = v.lazy(() => v.union([
  v.null(), v.boolean(), v.pipe(v.number(), v.safeInteger()), v.string(), v.array(JsonSchema), v.record(v.string(), JsonSchema),
]));

/** A record as read back (SQLite row or journal.jsonl line): the six members, nothing else. */
export const JournalRecordSchema = v.strictObject({
  seq: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  time: v.pipe(v.string(), v.maxLength(64)),
  type: v.pipe(v.string(), v.maxLength(64)),
  data: JsonSchema,
  prev: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
});

export function recordHash(r: Omit<JournalRecord, 'hash'>, hash: Sha256 = sha256): string {
  return sha256Hex(utf8ToBytes(canonicalJson({ data: r.data, prev: r.prev, seq: r.seq, time: r.time, type: r.type })), hash);
}

/** The record that follows `last` (or starts the chain). */
export function chainRecord(last: JournalRecord | undefined, time: string, type: string, data: Json, hash: Sha256 = sha256): JournalRecord {
  const body = { seq: (last?.seq ?? 0) + 1, time, type, data, prev: last?.hash ?? GENESIS_HASH };
  return { ...body, hash: recordHash(body, hash) };
}

/** One JSON line of journal.jsonl: the canonical JSON of the whole record. */
export function recordLine(r: JournalRecord): string {
  return canonicalJson({ data: r.data, hash: r.hash, prev: r.prev, seq: r.seq, time: r.time, type: r.type });
}

export interface ChainBreak {
  /** The sequence number at which the chain stops being trustworthy. */
  readonly seq: number;
  readonly zh: string;
  readonly en: string;
}

/** Checks sequence, links and hashes; returns the first break, or undefined when whole. */
export function checkChain(records: readonly JournalRecord[], hash: Sha256 = sha256): ChainBreak | undefined {
  let prev = GENESIS_HASH;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const seq = i + 1;
    if (r.seq !== seq) {
      return { seq, zh: `第 ${seq} 条应有序号 ${seq}，实为 ${r.seq}（记录缺失或顺序被改动）`, en: `record ${seq} has sequence number ${r.seq} (a record is missing or out of order)` };
    }
    if (r.prev !== prev) {
      return { seq, zh: `第 ${seq} 条的 prev 与上一条的哈希不符（记录缺失、被改动或顺序被改动）`, en: `record ${seq}'s prev does not match the hash of record ${seq - 1} (a record is missing, altered or reordered)` };
    }
    const expected = recordHash(r, hash);
    if (r.hash !== expected) {
      return { seq, zh: `第 ${seq} 条内容与其哈希不符（被改动或不完整）`, en: `record ${seq} does not match its hash (altered or incomplete)` };
    }
    prev = r.hash;
  }
  return undefined;
}
