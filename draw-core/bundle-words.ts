// How a bundle's facts are said to a person, the same in `draw verify` and verify.html:
// journal times in Beijing time with the zone named, and the names of confirmations and
// ball sources in Chinese and English.

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z$/;

/** The zone every time people read is given in, named. */
export const BEIJING_ZONE = '北京时间 UTC+8';

/**
 * A journal time (ISO 8601 UTC, as the kiosk writes it) in Beijing time, e.g.
 * `2026-11-23 20:05:03 (北京时间 UTC+8)`. Any other text is returned as it stands: the
 * journal's time is not a checked field, and a verifier shows what is there.
 */
export function beijingTime(time: string): string {
  const clock = beijingClock(time);
  return clock === time ? time : `${clock} (${BEIJING_ZONE})`;
}

/** As beijingTime without the zone, e.g. `2026-11-23 20:05:03`: for a table whose heading names the zone. */
export function beijingClock(time: string): string {
  const m = ISO_UTC.exec(time);
  if (!m) return time;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(year, month - 1, day, hour + 8, minute, second));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}`;
}

export interface Words {
  readonly zh: string;
  readonly en: string;
}

/** The journaled events that carry a confirmation (`by`). */
export const CONFIRMATION_WORDS: Readonly<Record<string, Words>> = {
  'seal-digest-confirmed': { zh: '确认封存摘要', en: 'seal digest confirmed' },
  'ball-voided': { zh: '作废球', en: 'ball voided' },
  'ball-alarm-resolved': { zh: '警报处理', en: 'alarm resolved' },
  'seed-confirmed': { zh: '确认种子', en: 'seed confirmed' },
  'ceremony-closed': { zh: '结束', en: 'closed' },
  'ceremony-aborted': { zh: '中止', en: 'aborted' },
};

export const CONFIRMER_WORDS: Readonly<Record<string, Words>> = {
  notary: { zh: '公证员', en: 'notary' },
  'rehearsal-auto': { zh: '演练自动', en: 'rehearsal-auto' },
};

export const BALL_SOURCE_WORDS: Readonly<Record<string, Words>> = {
  machine: { zh: '摇号机', en: 'machine' },
  manual: { zh: '人工录入', en: 'manual entry' },
  simulator: { zh: '模拟器', en: 'simulator' },
};

/** A digest as people compare it aloud: lowercase hex in groups of four, one space between (the one form used everywhere). */
export function groupsOfFour(hex: string): string {
  return hex.match(/.{1,4}/g)?.join(' ') ?? '';
}

/** The words for `key` in `words`, Chinese then English, or `key` itself when there are none. */
export function saidInBoth(words: Readonly<Record<string, Words>>, key: string): string {
  const w = words[key];
  return w ? `${w.zh} ${w.en}` : key;
}
