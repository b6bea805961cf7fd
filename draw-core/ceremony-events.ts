// The shape of every journaled event (docs/JOURNAL.md, "Events"), checked whenever a journal
// is read back: from the kiosk's SQLite file on resume, or from a bundle's journal.jsonl by a
// verifier. The chain proves a record was not changed after it was written; this proves the
// record is one the software could have written, so the fold never meets a value it cannot
// handle. Strings are bounded so a crafted journal cannot make a verifier build huge texts.
import * as v from 'valibot';
import type { Json } from './canonical-json.ts';
import { isScheduledStart, NAME_MAX_LENGTH, SCHEDULED_START_MAX_LENGTH, type CeremonyEvent, type EventType } from './ceremony.ts';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const id = v.pipe(v.string(), v.regex(/^[0-9A-Za-z._-]{1,64}$/));
const by = v.picklist(['notary', 'rehearsal-auto']);

/** The notary's key derivation (scrypt), so the PIN can be checked against the journal's MACs. */
export const NotaryKdfSchema = v.strictObject({
  kdf: v.literal('scrypt'),
  N: v.picklist([16384, 32768, 65536, 131072]),
  r: v.literal(8),
  p: v.literal(1),
  salt: v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/)),
});

const pool = v.strictObject({
  id, name: text(65_536), file: text(255), sha256: hex64, entries: count, totalWeight: count, quota: count, alternates: count,
});

const DATA = {
  'ceremony-created': v.strictObject({
    ceremonyId: v.pipe(v.string(), v.uuid()),
    period: id,
    kind: v.picklist(['quota-allocation', 'representative-selection']),
    rehearsal: v.boolean(),
    software: v.strictObject({ name: text(200), version: text(100), codeDigest: text(200) }),
    notary: v.optional(NotaryKdfSchema),
    venue: v.optional(text(NAME_MAX_LENGTH)),
    hostName: v.optional(text(NAME_MAX_LENGTH)),
    notaryName: v.optional(text(NAME_MAX_LENGTH)),
    scheduledStart: v.optional(v.pipe(text(SCHEDULED_START_MAX_LENGTH), v.check(isScheduledStart))),
  }),
  'package-imported': v.strictObject({
    sealDigest: hex64, period: id, title: text(65_536), balls: v.pipe(count, v.minValue(1), v.maxValue(32)), pools: v.pipe(v.array(pool), v.maxLength(64)),
  }),
  'seal-digest-confirmed': v.strictObject({ sealDigest: hex64, by }),
  'ball-drawn': v.strictObject({ n: count, digit: text(1), source: v.picklist(['machine', 'simulator', 'manual']), reading: text(400) }),
  'ball-voided': v.strictObject({ n: count, digit: text(1), reason: text(1000), by }),
  'ball-alarm': v.strictObject({ kind: v.picklist(['conflict', 'skip']), n: count, digit: text(1), expected: count, reading: text(400) }),
  'ball-alarm-resolved': v.strictObject({ decision: v.picklist(['machine-next', 'manual']), by }),
  'seed-confirmed': v.strictObject({ seed: v.pipe(v.string(), v.regex(/^[0-9]{0,32}$/)), by }),
  'results-computed': v.strictObject({
    masterSeed: hex64, resultsJsonSha256: hex64,
    pools: v.pipe(v.array(v.strictObject({ id, sha256: hex64, winners: count, alternatesDrawn: count })), v.maxLength(64)),
  }),
  'reveal-progressed': v.strictObject({ pool: count, page: count }),
  'recording-finished': v.strictObject({ path: text(4096), bytes: count, durationMs: count, sha256: hex64 }),
  'bundle-written': v.strictObject({ name: text(255), evidenceDigest: hex64, files: count }),
  'ceremony-closed': v.strictObject({ by }),
  'ceremony-aborted': v.strictObject({ reason: text(1000), by }),
} satisfies Record<EventType, v.GenericSchema>;

/** Compile-time: each schema's output is exactly the data its event carries. */
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type DataOf<T extends EventType> = Extract<CeremonyEvent, { type: T }>['data'];
type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
const exact: { [T in EventType]: Exact<Mutable<DataOf<T>>, Mutable<v.InferOutput<(typeof DATA)[T]>>> } = {
  'ceremony-created': true, 'package-imported': true, 'seal-digest-confirmed': true, 'ball-drawn': true, 'ball-voided': true, 'ball-alarm': true,
  'ball-alarm-resolved': true, 'seed-confirmed': true, 'results-computed': true, 'reveal-progressed': true, 'recording-finished': true,
  'bundle-written': true, 'ceremony-closed': true, 'ceremony-aborted': true,
};
void exact;

export type EventParse = { readonly ok: true; readonly event: CeremonyEvent } | { readonly ok: false; readonly zh: string; readonly en: string };

/** A journaled record back to an event, or why its type or data is not one the journal holds. */
export function parseEvent(type: string, data: Json): EventParse {
  if (!Object.hasOwn(DATA, type)) return { ok: false, zh: `未知事件类型 ${JSON.stringify(type.slice(0, 64))}`, en: `unknown event type ${JSON.stringify(type.slice(0, 64))}` };
  const parsed = v.safeParse(DATA[type as EventType], data);
  if (parsed.success) return { ok: true, event: { type, data: parsed.output } as CeremonyEvent };
  const issue = parsed.issues[0];
  const where = v.getDotPath(issue) ?? '(data)';
  return { ok: false, zh: `${type} 事件的 ${where} 不合规则：${issue.message}`, en: `${type} event: ${where} breaks its rule: ${issue.message}` };
}
