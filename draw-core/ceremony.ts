// The ceremony as facts (docs/JOURNAL.md): every event is a fact, state = fold(events),
// and `refusal` decides which facts may follow in which phase, with the reason when not.
import type { Json } from './canonical-json.ts';
import type { PoolSpec } from './manifest.ts';

export type CeremonyKind = 'quota-allocation' | 'representative-selection';
export type BallSource = 'machine' | 'simulator' | 'manual';
/** Who confirmed: the notary with the PIN, or, in a rehearsal only, the software standing in. */
export type Confirmer = 'notary' | 'rehearsal-auto';

/** A pool as the manifest declares it, journaled at import. */
export type PoolFact = PoolSpec;

export interface PackageFact {
  readonly sealDigest: string;
  readonly period: string;
  readonly title: string;
  readonly balls: number;
  readonly pools: readonly PoolFact[];
}

export interface PoolResultFact {
  readonly id: string;
  readonly sha256: string;
  readonly winners: number;
  readonly alternatesDrawn: number;
}

export interface ResultsFact {
  readonly masterSeed: string;
  readonly resultsJsonSha256: string;
  readonly pools: readonly PoolResultFact[];
}

export interface BundleFact {
  readonly name: string;
  /** The bundle's evidence digest (spec evidence-bundle §3): the one its report prints and the screens show. */
  readonly evidenceDigest: string;
  readonly files: number;
}

/** OBS's recording of the ceremony, once OBS reports it complete. */
export interface RecordingFact {
  readonly path: string;
  readonly bytes: number;
  readonly durationMs: number;
  readonly sha256: string;
}

export interface SoftwareFact {
  readonly name: string;
  readonly version: string;
  readonly codeDigest: string;
}

/** How the notary's PIN becomes the key of the journal's MACs (docs/JOURNAL.md, "The notary's MAC"). */
export interface NotaryKdf {
  readonly kdf: 'scrypt';
  readonly N: 16384 | 32768 | 65536 | 131072;
  readonly r: 8;
  readonly p: 1;
  /** 16 random bytes, hex. */
  readonly salt: string;
}

export interface CeremonyFact {
  readonly ceremonyId: string;
  readonly period: string;
  readonly kind: CeremonyKind;
  readonly rehearsal: boolean;
  readonly software: SoftwareFact;
  /** Present when the notary set a PIN; a real draw always has one. */
  readonly notary?: NotaryKdf | undefined;
  /**
   * Where the draw takes place and who runs and attests it, as entered at creation and printed
   * on the report they sign (at most NAME_MAX_LENGTH each). Absent from journals written before
   * they were asked for, and from a command-line rehearsal that gave none.
   */
  readonly venue?: string | undefined;
  readonly hostName?: string | undefined;
  readonly notaryName?: string | undefined;
  /** When the ceremony is announced to start (see isScheduledStart): the stage counts down to it. Optional. */
  readonly scheduledStart?: string | undefined;
}

/** The longest venue, host's or notary's name a ceremony takes (UTF-16 code units, as every text bound of the journal). */
export const NAME_MAX_LENGTH = 200;

/** The longest scheduled start: `2026-11-26T10:00:00+08:00`. */
export const SCHEDULED_START_MAX_LENGTH = 25;
const SCHEDULED_START = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Whether `s` is a scheduled start as a ceremony takes it: ISO 8601 date and time with the
 * offset from UTC written out (`2026-11-26T10:00+08:00`, seconds optional, `Z` for UTC), a day
 * the calendar has, in the years 2000 to 2099 (a mistyped year is refused rather than counted
 * down to), an offset of at most 14:00. Spec evidence-bundle states the same rule for verifiers.
 */
export function isScheduledStart(s: string): boolean {
  const m = SCHEDULED_START.exec(s);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return year >= 2000 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth
    && hour <= 23 && minute <= 59 && second <= 59 && offsetMinutes <= 59 && offsetHours * 60 + offsetMinutes <= 14 * 60;
}

export type CeremonyEvent =
  | { readonly type: 'ceremony-created'; readonly data: CeremonyFact }
  | { readonly type: 'package-imported'; readonly data: PackageFact }
  | { readonly type: 'seal-digest-confirmed'; readonly data: { readonly sealDigest: string; readonly by: Confirmer } }
  | { readonly type: 'ball-drawn'; readonly data: { readonly n: number; readonly digit: string; readonly source: BallSource; readonly reading: string } }
  | { readonly type: 'ball-voided'; readonly data: { readonly n: number; readonly digit: string; readonly reason: string; readonly by: Confirmer } }
  | { readonly type: 'ball-alarm'; readonly data: BallAlarm }
  | { readonly type: 'ball-alarm-resolved'; readonly data: { readonly decision: AlarmDecision; readonly by: Confirmer } }
  | { readonly type: 'seed-confirmed'; readonly data: { readonly seed: string; readonly by: Confirmer } }
  | { readonly type: 'results-computed'; readonly data: ResultsFact }
  | { readonly type: 'reveal-progressed'; readonly data: { readonly pool: number; readonly page: number } }
  | { readonly type: 'recording-finished'; readonly data: RecordingFact }
  | { readonly type: 'bundle-written'; readonly data: BundleFact }
  | { readonly type: 'ceremony-closed'; readonly data: { readonly by: Confirmer } }
  | { readonly type: 'ceremony-aborted'; readonly data: { readonly reason: string; readonly by: Confirmer } };

export type EventType = CeremonyEvent['type'];

/**
 * A reading that halts the draw (ball-machine protocol, "Rules the app enforces"): a BALL n
 * with another digit than the one accepted (conflict), or an n past the next (skip).
 */
export interface BallAlarm {
  readonly kind: 'conflict' | 'skip';
  readonly n: number;
  readonly digit: string;
  /** The index the draw was waiting for. */
  readonly expected: number;
  readonly reading: string;
}

/**
 * The host's decision on an alarm, confirmed by the notary: take the machine's next reading
 * for the index (a conflicting ball is voided first), or have it entered by hand.
 */
export type AlarmDecision = 'machine-next' | 'manual';

export type Phase = 'new' | 'created' | 'imported' | 'seeding' | 'seed-complete' | 'seed-confirmed' | 'computed' | 'sealed' | 'closed' | 'aborted';

export interface CeremonyState {
  /** Sequence number of the last event folded in (0: none). */
  readonly seq: number;
  readonly phase: Phase;
  readonly ceremony?: CeremonyFact;
  readonly package?: PackageFact;
  readonly sealDigestConfirmed: boolean;
  /** Accepted digits in draw order: balls[0] is ball 1. */
  readonly balls: readonly string[];
  readonly voided: readonly { readonly n: number; readonly digit: string; readonly reason: string }[];
  readonly seed?: string;
  /** An alarm halting the draw until the host decides and the notary confirms. */
  readonly alarm?: BallAlarm | undefined;
  /** After a decision: where the next ball must come from. */
  readonly nextBallFrom?: 'machine' | 'manual' | undefined;
  readonly results?: ResultsFact;
  readonly reveal?: { readonly pool: number; readonly page: number };
  readonly bundles: readonly BundleFact[];
  readonly recordings: readonly RecordingFact[];
  readonly aborted?: string;
}

export const INITIAL_STATE: CeremonyState = { seq: 0, phase: 'new', sealDigestConfirmed: false, balls: [], voided: [], bundles: [], recordings: [] };

/** Why an event may not follow: a stable code and the reason in Chinese and English. */
export interface Refusal {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

const refuse = (code: string, zh: string, en: string): Refusal => ({ code, zh, en });

/** Whether `event` may follow `state`; undefined when it may. */
export function refusal(state: CeremonyState, event: CeremonyEvent): Refusal | undefined {
  if (event.type === 'ceremony-created') {
    if (state.phase !== 'new') return refuse('already-created', '仪式已创建', 'the ceremony exists already');
    if (!event.data.rehearsal && !event.data.notary) return refuse('pin-required', '正式摇号须由公证员设置 PIN', 'a real draw needs the notary to set a PIN');
    return undefined;
  }
  if (state.phase === 'new') return refuse('not-created', '尚未创建仪式', 'no ceremony has been created');
  if (state.phase === 'closed') return refuse('closed', '仪式已结束，不能再记录任何事项', 'the ceremony is closed: nothing more can be recorded');
  if (state.phase === 'aborted') return refuse('aborted', `仪式已中止（${state.aborted}）`, `the ceremony was aborted (${state.aborted})`);
  const rehearsal = state.ceremony!.rehearsal;
  if ('by' in event.data && event.data.by === 'rehearsal-auto' && !rehearsal) {
    return refuse('notary-required', '正式摇号须由公证员本人确认', 'a real draw needs the notary\'s own confirmation');
  }
  const B = state.package?.balls ?? 0;
  switch (event.type) {
    case 'package-imported':
      if (state.balls.length > 0 || state.voided.length > 0) return refuse('balls-started', '已开始摇号，不能再导入数据包', 'balls have been drawn: no package can be imported any more');
      if (event.data.period !== state.ceremony!.period) {
        return refuse('period-mismatch', `数据包期号 ${event.data.period} 与仪式期号 ${state.ceremony!.period} 不符`, `the package is for period ${event.data.period}, the ceremony for ${state.ceremony!.period}`);
      }
      return undefined;
    case 'seal-digest-confirmed':
      if (!state.package) return refuse('no-package', '尚未导入数据包', 'no package has been imported');
      if (state.sealDigestConfirmed) return refuse('already-confirmed', '公证员已确认封存摘要', 'the notary has confirmed the seal digest already');
      if (event.data.sealDigest !== state.package.sealDigest) return refuse('digest-mismatch', '确认的摘要与导入的数据包不符', 'the digest confirmed is not the imported package\'s');
      return undefined;
    case 'ball-drawn': {
      const { n, digit, source } = event.data;
      if (source === 'simulator' && !rehearsal) return refuse('simulated-ball', '正式摇号只接受摇号机或人工双录入的球，不接受模拟球', 'a real draw takes balls only from the ball machine or the manual dual entry, never from the simulator');
      if (!state.sealDigestConfirmed) return refuse('digest-unconfirmed', '公证员确认封存摘要后才能摇号', 'balls come only after the notary has confirmed the seal digest');
      if (state.seed !== undefined) return refuse('seed-confirmed', '种子已确认，不再接受摇号球', 'the seed is confirmed: no more balls');
      if (state.alarm) return refuse('alarm-open', `摇号已因第 ${state.alarm.n} 个球的警报暂停，须主持人决定、公证员确认`, `the draw is halted by an alarm on ball ${state.alarm.n}: the host must decide and the notary confirm`);
      if (state.nextBallFrom === 'manual' && source !== 'manual') return refuse('manual-expected', '已决定此球由人工录入', 'this ball was decided to be entered by hand');
      if (state.nextBallFrom === 'machine' && source === 'manual') return refuse('machine-expected', '已决定此球取摇号机的下一个读数', 'this ball was decided to be the machine\'s next reading');
      if (!/^[0-9]$/.test(digit)) return refuse('ball-digit', `球号须为 0–9 的一位数字，实为 "${digit}"`, `a ball is one digit 0-9, got "${digit}"`);
      if (n <= state.balls.length) return refuse('ball-duplicate', `第 ${n} 个球已记录为 ${state.balls[n - 1]}`, `ball ${n} is recorded already as ${state.balls[n - 1]}`);
      if (n > B) return refuse('ball-extra', `本次只摇 ${B} 个球`, `this draw has ${B} balls`);
      if (n !== state.balls.length + 1) return refuse('ball-skip', `下一个应为第 ${state.balls.length + 1} 个球，而非第 ${n} 个`, `ball ${state.balls.length + 1} is next, not ball ${n}`);
      return undefined;
    }
    case 'ball-voided':
      if (state.seed !== undefined) return refuse('seed-confirmed', '种子已确认，不能作废球', 'the seed is confirmed: no ball can be voided');
      if (state.balls.length === 0 || event.data.n !== state.balls.length) return refuse('void-not-last', '只能作废最后记录的一个球', 'only the last ball recorded can be voided');
      if (event.data.digit !== state.balls[event.data.n - 1]) return refuse('void-digit', '作废的球号与记录不符', 'the voided digit is not the one recorded');
      if (event.data.reason.trim() === '') return refuse('reason-required', '作废须说明理由', 'voiding a ball needs a reason');
      return undefined;
    case 'ball-alarm':
      if (!state.sealDigestConfirmed || state.seed !== undefined) return refuse('not-drawing', '当前不在摇号阶段', 'the draw is not taking balls');
      if (state.alarm) return refuse('alarm-open', '已有未处理的警报', 'an alarm is open already');
      return undefined;
    case 'ball-alarm-resolved':
      if (!state.alarm) return refuse('no-alarm', '没有待处理的警报', 'there is no open alarm');
      if (state.alarm.kind === 'conflict' && state.balls.length >= state.alarm.n) {
        return refuse('void-first', `须先作废第 ${state.alarm.n} 个及之后的球`, `ball ${state.alarm.n} and any after it must be voided first`);
      }
      return undefined;
    case 'seed-confirmed':
      if (state.alarm) return refuse('alarm-open', '尚有未处理的警报', 'an alarm is open');
      if (state.seed !== undefined) return refuse('already-confirmed', '种子已确认', 'the seed is confirmed already');
      if (!state.package || state.balls.length !== B) return refuse('seed-incomplete', `已摇 ${state.balls.length} / ${B} 个球`, `${state.balls.length} of ${B} balls drawn`);
      if (event.data.seed !== state.balls.join('')) return refuse('seed-mismatch', '确认的种子与记录的球号不符', 'the seed confirmed is not the balls recorded');
      return undefined;
    case 'results-computed':
      if (state.seed === undefined) return refuse('seed-unconfirmed', '公证员确认种子后才能计算结果', 'results come only after the notary has confirmed the seed');
      if (state.results) return refuse('already-computed', '结果已计算', 'the results are computed already');
      return undefined;
    case 'reveal-progressed':
      if (!state.results) return refuse('no-results', '尚无结果可揭晓', 'there are no results to reveal');
      if (!Number.isSafeInteger(event.data.pool) || event.data.pool < 0 || event.data.pool >= state.results.pools.length || event.data.page < 0) {
        return refuse('reveal-range', '揭晓位置超出范围', 'the reveal position is out of range');
      }
      return undefined;
    case 'bundle-written':
      if (!state.results) return refuse('no-results', '尚无结果，不能封存', 'there are no results to seal');
      return undefined;
    case 'recording-finished':
      return /^[0-9a-f]{64}$/.test(event.data.sha256) ? undefined : refuse('recording-digest', '录像摘要格式有误', 'the recording digest is malformed');
    case 'ceremony-closed':
      if (state.bundles.length === 0) return refuse('not-sealed', '证据包写入后才能结束仪式', 'the ceremony closes only after the evidence bundle is written');
      return undefined;
    case 'ceremony-aborted':
      if (event.data.reason.trim() === '') return refuse('reason-required', '中止须说明理由', 'aborting needs a reason');
      return undefined;
  }
}

/** Folds one event in; the event must have passed `refusal`. */
export function apply(state: CeremonyState, event: CeremonyEvent, seq = state.seq + 1): CeremonyState {
  const s = applyFact(state, event);
  return { ...s, seq, phase: phaseOf(s) };
}

function applyFact(s: CeremonyState, e: CeremonyEvent): CeremonyState {
  switch (e.type) {
    case 'ceremony-created': return { ...s, ceremony: e.data };
    case 'package-imported': return { ...s, package: e.data, sealDigestConfirmed: false };
    case 'seal-digest-confirmed': return { ...s, sealDigestConfirmed: true };
    case 'ball-drawn': return { ...s, balls: [...s.balls, e.data.digit], nextBallFrom: undefined };
    case 'ball-alarm': return { ...s, alarm: e.data };
    case 'ball-alarm-resolved': return { ...s, alarm: undefined, nextBallFrom: e.data.decision === 'manual' ? 'manual' : 'machine' };
    case 'ball-voided': return { ...s, balls: s.balls.slice(0, -1), voided: [...s.voided, { n: e.data.n, digit: e.data.digit, reason: e.data.reason }] };
    case 'seed-confirmed': return { ...s, seed: e.data.seed };
    case 'results-computed': return { ...s, results: e.data };
    case 'reveal-progressed': return { ...s, reveal: e.data };
    case 'bundle-written': return { ...s, bundles: [...s.bundles, e.data] };
    case 'recording-finished': return { ...s, recordings: [...s.recordings, e.data] };
    case 'ceremony-closed': return { ...s, phase: 'closed' };
    case 'ceremony-aborted': return { ...s, aborted: e.data.reason, phase: 'aborted' };
  }
}

function phaseOf(s: CeremonyState): Phase {
  return s.phase === 'closed' || s.phase === 'aborted' ? s.phase : phaseReached(s);
}

/** The phase the ceremony's facts reached, its ending aside: where an aborted ceremony stopped. */
export function phaseReached(s: CeremonyState): Exclude<Phase, 'closed' | 'aborted'> {
  if (s.bundles.length > 0) return 'sealed';
  if (s.results) return 'computed';
  if (s.seed !== undefined) return 'seed-confirmed';
  if (s.sealDigestConfirmed) return s.balls.length === s.package!.balls ? 'seed-complete' : 'seeding';
  if (s.package) return 'imported';
  return s.ceremony ? 'created' : 'new';
}

/** Folds a whole journal, refusing any event that should never have been recorded. */
export function foldEvents(events: readonly CeremonyEvent[]): { state: CeremonyState; refused?: { seq: number; refusal: Refusal } } {
  let state = INITIAL_STATE;
  for (let i = 0; i < events.length; i++) {
    const r = refusal(state, events[i]!);
    if (r) return { state, refused: { seq: i + 1, refusal: r } };
    state = apply(state, events[i]!, i + 1);
  }
  return { state };
}

/** The event as it is journaled: its data is plain JSON. */
export function eventData(e: CeremonyEvent): Json {
  return e.data as unknown as Json;
}
