// The one gate every command passes, from Electron IPC and the loopback WebSocket alike: its
// arguments checked against a schema before any handler runs, with the field and its rule
// named in Chinese and English (the words of each rule are here; the failure mapper frames
// them). The schemas are typed against electron/contract/kiosk-api.ts: a command
// without a schema, or a schema whose output is not exactly the command's arguments, does not
// compile.
import * as v from 'valibot';
import type { Failure, Words } from '../contract/failures.ts';
import type { CommandName, KioskCommands } from '../contract/kiosk-api.ts';
import { isScheduledStart, NAME_MAX_LENGTH, SCHEDULED_START_MAX_LENGTH } from '../../draw-core/ceremony.ts';
import { checkPeriod, MAX_BALLS, MAX_POOLS } from '../../draw-core/manifest.ts';
import { FAULTS } from '../../hardware/ball-machine/simulator.ts';
import { PACE_MS } from '../contract/reveal.ts';

/** The stage's only commands: what it reads to draw its screen. They change nothing. */
export const STAGE_COMMANDS: ReadonlySet<string> = new Set<CommandName>(['revealPage']);

const MAX_PATH = 4096;
const MAX_TEXT = 500;
const MAX_URL = 2048;
const MAX_SECRET = 1024;
const MAX_PAGE = 2 ** 31 - 1;
const MAX_INTERVAL_MS = 600_000;
const MAX_COMMAND_NAME = 64;

// What each field must be. valibot carries one message string per issue: it carries the rule's
// name, and the failure's words are written from this table in both languages.
const RULES = {
  pin: { zh: '须为 6–12 位数字', en: 'must be 6 to 12 digits' },
  period: { zh: '须为 1–64 个字符 [0-9A-Za-z._-]', en: 'must be 1 to 64 characters of [0-9A-Za-z._-]' },
  kind: { zh: '须为 quota-allocation 或 representative-selection', en: 'must be quota-allocation or representative-selection' },
  flag: { zh: '须为 true 或 false', en: 'must be true or false' },
  scheduledStart: {
    zh: '须为带时区的 ISO 8601 日期时间，如 2026-11-26T10:00+08:00（2000–2099 年日历上有的日子）',
    en: 'must be an ISO 8601 date and time with its offset, e.g. 2026-11-26T10:00+08:00 (a day the calendar has, 2000 to 2099)',
  },
  name: { zh: `须为 1–${NAME_MAX_LENGTH} 个字符的文字（首尾空白不计）`, en: `must be text of 1 to ${NAME_MAX_LENGTH} characters (leading and trailing white space aside)` },
  path: { zh: `须为 1–${MAX_PATH} 个字符的路径，不含控制字符`, en: `must be a path of 1 to ${MAX_PATH} characters without control characters` },
  upload: { zh: '须为 32 位十六进制的上传编号', en: 'must be an upload id of 32 hexadecimal digits' },
  baud: { zh: '须为 50–4000000 的整数', en: 'must be an integer from 50 to 4000000' },
  dataBits: { zh: '须为 5、6、7 或 8', en: 'must be 5, 6, 7 or 8' },
  parity: { zh: '须为 none、even、odd、mark 或 space', en: 'must be none, even, odd, mark or space' },
  stopBits: { zh: '须为 1、1.5 或 2', en: 'must be 1, 1.5 or 2' },
  balls: { zh: `须为 1–${MAX_BALLS} 个数字`, en: `must be 1 to ${MAX_BALLS} digits` },
  interval: { zh: `须为 0–${MAX_INTERVAL_MS} 的整数（毫秒）`, en: `must be an integer from 0 to ${MAX_INTERVAL_MS} (milliseconds)` },
  pace: {
    zh: `须为 ${PACE_MS.min.toLocaleString('en')}–${PACE_MS.max.toLocaleString('en')} 的整数（毫秒，即 ${PACE_MS.min / 1000}–${PACE_MS.max / 1000} 秒）`,
    en: `must be an integer from ${PACE_MS.min.toLocaleString('en')} to ${PACE_MS.max.toLocaleString('en')} (milliseconds: ${PACE_MS.min / 1000} to ${PACE_MS.max / 1000} s)`,
  },
  faults: { zh: `须为以下故障的列表：${FAULTS.join('、')}`, en: `must be a list of the faults ${FAULTS.join(', ')}` },
  digit: { zh: '须为一位数字 0–9', en: 'must be one digit 0-9' },
  decision: { zh: '须为 machine-next 或 manual', en: 'must be machine-next or manual' },
  reason: { zh: `须为不超过 ${MAX_TEXT} 个字符的文字`, en: `must be text of at most ${MAX_TEXT} characters` },
  pool: { zh: `须为 0–${MAX_POOLS - 1} 的整数`, en: `must be an integer from 0 to ${MAX_POOLS - 1}` },
  page: { zh: `须为 0–${MAX_PAGE} 的整数`, en: `must be an integer from 0 to ${MAX_PAGE}` },
  obsUrl: { zh: `须为不超过 ${MAX_URL} 个字符的 ws:// 或 wss:// 地址`, en: `must be a ws:// or wss:// URL of at most ${MAX_URL} characters` },
  password: { zh: `须为不超过 ${MAX_SECRET} 个字符的文字`, en: `must be text of at most ${MAX_SECRET} characters` },
  source: { zh: '须为 { path } 或 { upload } 之一', en: 'must be one of { path } or { upload }' },
  id: { zh: '须为安全整数', en: 'must be a safe integer' },
  command: { zh: `须为不超过 ${MAX_COMMAND_NAME} 个字符的命令名`, en: `must be a command name of at most ${MAX_COMMAND_NAME} characters` },
  none: { zh: '须为空对象 {}：此命令不接受参数', en: 'must be {}: this command takes no arguments' },
} as const satisfies Record<string, { zh: string; en: string }>;
type Rule = keyof typeof RULES;

const ruled = <S extends v.GenericSchema>(rule: Rule, schema: S) => v.message(schema, rule);
const text = (rule: Rule, max: number, valid: (s: string) => boolean = () => true) => ruled(rule, v.pipe(v.string(), v.maxLength(max), v.check(valid)));
const integer = (rule: Rule, min: number, max: number) => ruled(rule, v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max)));

// eslint-disable-next-line no-control-regex -- control characters are exactly what a path may not hold
const CONTROL = /[\u0000-\u001f\u007f]/;
const PIN = v.optional(text('pin', 12, (s) => /^[0-9]{6,12}$/.test(s)));
const PATH = text('path', MAX_PATH, (s) => s.length > 0 && !CONTROL.test(s));
const REASON = text('reason', MAX_TEXT);
const DIGIT = text('digit', 1, (s) => /^[0-9]$/.test(s));
/** A venue or a person's name, printed on the report: trimmed, then 1..NAME_MAX_LENGTH long. */
const NAME = ruled('name', v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(NAME_MAX_LENGTH)));
const NONE = ruled('none', v.custom<Record<string, never>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x) && Object.keys(x).length === 0));
const isObsUrl = (s: string) => URL.canParse(s) && /^wss?:$/.test(new URL(s).protocol);

/** Every command's arguments. `satisfies` makes a missing or misspelt command a compile error. */
const COMMAND_SCHEMAS = {
  createCeremony: v.strictObject({
    period: text('period', 64, (s) => checkPeriod(s) === undefined),
    kind: ruled('kind', v.picklist(['quota-allocation', 'representative-selection'])),
    rehearsal: ruled('flag', v.boolean()),
    venue: NAME,
    hostName: NAME,
    notaryName: NAME,
    scheduledStart: v.optional(text('scheduledStart', SCHEDULED_START_MAX_LENGTH, isScheduledStart)),
    notaryPin: PIN,
  }),
  resumeCeremony: v.strictObject({ dir: PATH, pin: PIN }),
  listCeremonies: NONE,
  importPackage: ruled('source', v.union([v.strictObject({ path: PATH }), v.strictObject({ upload: text('upload', 32, (s) => /^[0-9a-f]{32}$/.test(s)) })])),
  confirmSealDigest: v.strictObject({ pin: PIN }),
  listPorts: NONE,
  useSerialMachine: v.strictObject({
    path: PATH,
    baudRate: integer('baud', 50, 4_000_000),
    dataBits: ruled('dataBits', v.picklist([5, 6, 7, 8])),
    parity: ruled('parity', v.picklist(['none', 'even', 'odd', 'mark', 'space'])),
    stopBits: ruled('stopBits', v.picklist([1, 1.5, 2])),
    pin: PIN,
  }),
  useVirtualMachine: v.strictObject({
    balls: v.optional(text('balls', MAX_BALLS, (s) => /^[0-9]+$/.test(s))),
    intervalMs: integer('interval', 0, MAX_INTERVAL_MS),
    faults: ruled('faults', v.pipe(v.array(v.pipe(v.string(), v.check((f) => (FAULTS as readonly string[]).includes(f)))), v.maxLength(FAULTS.length))),
  }),
  enterManualBall: v.strictObject({ hostDigit: DIGIT, notaryDigit: DIGIT, pin: PIN }),
  resolveAlarm: v.strictObject({ decision: ruled('decision', v.picklist(['machine-next', 'manual'])), pin: PIN }),
  voidLastBall: v.strictObject({ reason: REASON, pin: PIN }),
  confirmSeed: v.strictObject({ pin: PIN }),
  computeResults: NONE,
  revealTo: v.strictObject({ pool: integer('pool', 0, MAX_POOLS - 1), page: integer('page', 0, MAX_PAGE) }),
  setRevealPace: v.strictObject({ intervalMs: integer('pace', PACE_MS.min, PACE_MS.max), running: ruled('flag', v.boolean()) }),
  revealPage: v.strictObject({ pool: integer('pool', 0, MAX_POOLS - 1), page: integer('page', 0, MAX_PAGE) }),
  listDrives: NONE,
  writeBundle: v.strictObject({ target: PATH }),
  connectObs: v.strictObject({ url: text('obsUrl', MAX_URL, isObsUrl), password: v.optional(text('password', MAX_SECRET)) }),
  prepareObs: NONE,
  setStreaming: v.strictObject({ on: ruled('flag', v.boolean()) }),
  closeCeremony: v.strictObject({ pin: PIN }),
  abortCeremony: v.strictObject({ reason: REASON, pin: PIN }),
  rotateTokens: NONE,
} satisfies { [C in CommandName]: v.GenericSchema<unknown, KioskCommands[C]['args']> };

// And the other way: every field a command takes has its schema, with exactly its type.
// A mismatch names the command in the compile error.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Mismatched = { [C in CommandName]: Same<v.InferOutput<(typeof COMMAND_SCHEMAS)[C]>, KioskCommands[C]['args']> extends true ? never : C }[CommandName];
const everySchemaExact: [Mismatched] extends [never] ? true : Mismatched = true;
void everySchemaExact;

/** A message on the wire before its command is looked at: a safe-integer id, a bounded command name, any arguments. */
const CLIENT_MESSAGE = v.strictObject({
  id: ruled('id', v.pipe(v.number(), v.safeInteger())),
  command: text('command', MAX_COMMAND_NAME),
  args: v.unknown(),
});
export type WireMessage = v.InferOutput<typeof CLIENT_MESSAGE>;

export type ParsedCommand = { [C in CommandName]: { readonly ok: true; readonly command: C; readonly args: KioskCommands[C]['args'] } }[CommandName];

/** A command and its arguments checked: typed, or the failure ('command-unknown', 'command-invalid' naming the field and its rule). */
export function parseCommand(command: unknown, args: unknown): ParsedCommand | { readonly ok: false; readonly failure: Failure } {
  if (typeof command !== 'string' || !Object.hasOwn(COMMAND_SCHEMAS, command)) return { ok: false, failure: { kind: 'command-unknown', command: show(command) } };
  const name = command as CommandName;
  const parsed = v.safeParse(COMMAND_SCHEMAS[name], args);
  if (parsed.success) return { ok: true, command: name, args: parsed.output } as ParsedCommand;
  return { ok: false, failure: { kind: 'command-invalid', command: name, words: describe(parsed.issues[0]) } };
}

/** A wire message's envelope checked; when it is wrong, the id too if one can be read, so the sender can be answered. */
export function parseClientMessage(data: unknown): { readonly ok: true; readonly message: WireMessage } | { readonly ok: false; readonly id: number | undefined; readonly failure: Failure } {
  const parsed = v.safeParse(CLIENT_MESSAGE, data);
  if (parsed.success) return { ok: true, message: parsed.output };
  const id = typeof data === 'object' && data !== null && 'id' in data && Number.isSafeInteger(data.id) ? (data.id as number) : undefined;
  return { ok: false, id, failure: { kind: 'message-invalid', words: describe(parsed.issues[0]) } };
}

/** The field an issue is about and what it must be, in both languages (" X 须为…" / "X must be…"). */
function describe(issue: v.BaseIssue<unknown>): Words {
  const field = v.getDotPath(issue);
  const rule = Object.hasOwn(RULES, issue.message) ? RULES[issue.message as Rule] : undefined;
  if (field === null || rule === RULES.none) return rule ? { zh: rule.zh, en: rule.en } : { zh: '须为一个对象', en: 'must be an object' };
  const name = show(field);
  if (rule) return { zh: ` ${name} ${rule.zh}`, en: `${name} ${rule.en}` };
  if (issue.type === 'strict_object' && issue.expected === 'never') return { zh: ` ${name} 不被接受`, en: `${name} is not taken` };
  if (issue.type === 'strict_object') return { zh: ` ${name} 缺失`, en: `${name} is missing` };
  return { zh: ` ${name} 须为 ${issue.expected ?? '?'}，实为 ${issue.received}`, en: `${name} must be ${issue.expected ?? '?'}, got ${issue.received}` };
}

/** Untrusted text as it may appear in a message: quoted, escaped, cut short; anything else by its type. */
function show(value: unknown): string {
  if (typeof value !== 'string') return `(${value === null ? 'null' : typeof value})`;
  return JSON.stringify(value.length > MAX_COMMAND_NAME ? `${value.slice(0, MAX_COMMAND_NAME)}…` : value);
}
