// The sealed package's manifest.json (spec draw-v1 §1). Field checks are exported as
// Problem-returning validators so `draw seal` reports a bad argument by the same rule.
import { decodeUtf8 } from './bytes.ts';
import { fail, failWith, problem, type Place, type Problem } from './errors.ts';

export const MANIFEST_FILE = 'manifest.json';
export const PACKAGE_FORMAT = 'draw-package/1';
export const MAX_BALLS = 32;
export const MAX_POOLS = 64;
/** totalWeight is at most 2^53 − 1 so every prefix sum is an exact double. */
export const MAX_TOTAL_WEIGHT = Number.MAX_SAFE_INTEGER;

export interface PoolSpec {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly sha256: string;
  readonly entries: number;
  readonly totalWeight: number;
  readonly quota: number;
  readonly alternates: number;
}

export interface Manifest {
  readonly format: typeof PACKAGE_FORMAT;
  readonly period: string;
  readonly title: string;
  readonly balls: number;
  readonly pools: readonly PoolSpec[];
}

const ID_PATTERN = /^[0-9A-Za-z._-]{1,64}$/;

export function checkPeriod(v: unknown): Problem | undefined {
  return typeof v === 'string' && ID_PATTERN.test(v)
    ? undefined
    : problem('period', `期号须为 1–64 个字符 [0-9A-Za-z._-]，实为 ${show(v)}`, `period must be 1..64 chars of [0-9A-Za-z._-], got ${show(v)}`);
}

export function checkPoolId(v: unknown): Problem | undefined {
  return typeof v === 'string' && ID_PATTERN.test(v)
    ? undefined
    : problem('pool-id', `池编号须为 1–64 个字符 [0-9A-Za-z._-]，实为 ${show(v)}`, `pool id must be 1..64 chars of [0-9A-Za-z._-], got ${show(v)}`);
}

export function checkText(rule: 'title' | 'pool-name', v: unknown): Problem | undefined {
  return typeof v === 'string'
    ? undefined
    : problem(rule, `${rule === 'title' ? '标题' : '池名称'}须为字符串，实为 ${show(v)}`, `${rule} must be a string, got ${show(v)}`);
}

export function checkBallCount(v: unknown): Problem | undefined {
  return isInt(v) && v >= 1 && v <= MAX_BALLS
    ? undefined
    : problem('seed-balls', `球数须为 1–${MAX_BALLS} 的整数，实为 ${show(v)}`, `seed.balls must be an integer 1..${MAX_BALLS}, got ${show(v)}`);
}

export function checkCount(rule: 'pool-quota' | 'pool-alternates' | 'pool-entries', v: unknown): Problem | undefined {
  const zh = { 'pool-quota': '指标数', 'pool-alternates': '候补数', 'pool-entries': '条目数' }[rule];
  return isInt(v) && v >= 0
    ? undefined
    : problem(rule, `${zh}须为非负整数，实为 ${show(v)}`, `${rule.slice(5)} must be a non-negative integer, got ${show(v)}`);
}

/** A C0 or C1 control character or DEL (NUL among them): no file name on Windows holds one either. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

export function checkFileName(v: unknown): Problem | undefined {
  if (typeof v !== 'string' || v.length === 0) {
    return problem('pool-file', `池文件名须为非空字符串，实为 ${show(v)}`, `pool file must be a non-empty string, got ${show(v)}`);
  }
  // A name is looked up in the package's own root and nowhere else; a control character (a line
  // break above all) would let a crafted name forge a line in every message that names the file.
  if (v.includes('/') || v.includes('\\') || v === '.' || v === '..' || hasControl(v) || v === MANIFEST_FILE) {
    return problem('pool-file', `池文件名不得含路径、控制字符或指向清单：${show(v)}`, `pool file must be a plain file name inside the package, without control characters: ${show(v)}`);
  }
  return undefined;
}

function checkSha256Hex(v: unknown): Problem | undefined {
  return typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)
    ? undefined
    : problem('pool-sha256', `sha256 须为 64 位小写十六进制，实为 ${show(v)}`, `sha256 must be 64 lowercase hex digits, got ${show(v)}`);
}

function checkTotalWeight(v: unknown): Problem | undefined {
  return isInt(v) && v >= 0 && v <= MAX_TOTAL_WEIGHT
    ? undefined
    : problem('pool-total-weight', `总权重须为 0 到 2^53−1 的整数，实为 ${show(v)}`, `totalWeight must be an integer 0..2^53-1, got ${show(v)}`);
}

/** Parses and checks manifest.json bytes; `file` names it in errors. */
export function parseManifest(bytes: Uint8Array, file: string): Manifest {
  const at: Place = { file };
  const text = decodeUtf8(bytes);
  if (text === undefined) fail(at, 'manifest-utf8', '清单不是有效的 UTF-8', 'manifest is not valid UTF-8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail({ file, line: jsonErrorLine(text, e) }, 'manifest-json', `清单不是有效的 JSON：${String(e)}`, `manifest is not valid JSON: ${String(e)}`);
  }
  const root = expectObject(json, 'manifest', ['format', 'period', 'title', 'seed', 'pools'], [], at);
  if (root.format !== PACKAGE_FORMAT) {
    fail(at, 'manifest-format', `format 须为 "${PACKAGE_FORMAT}"，实为 ${show(root.format)}`, `format must be "${PACKAGE_FORMAT}", got ${show(root.format)}`);
  }
  check(at, 'period', checkPeriod(root.period));
  check(at, 'title', checkText('title', root.title));
  const seed = expectObject(root.seed, 'seed', ['balls'], [], at);
  check(at, 'seed.balls', checkBallCount(seed.balls));
  if (!Array.isArray(root.pools) || root.pools.length < 1 || root.pools.length > MAX_POOLS) {
    fail(at, 'manifest-pools', `pools 须为含 1–${MAX_POOLS} 个池的数组`, `pools must be an array of 1..${MAX_POOLS} pools`);
  }
  const ids = new Set<string>();
  const pools = root.pools.map((raw: unknown, i: number): PoolSpec => {
    const field = `pools[${i}]`;
    const p = expectObject(raw, field, ['id', 'name', 'file', 'sha256', 'entries', 'totalWeight', 'quota'], ['alternates'], at);
    check(at, `${field}.id`, checkPoolId(p.id));
    const id = p.id as string;
    if (ids.has(id)) fail(at, 'pool-id-unique', `池编号重复：${id}`, `duplicate pool id: ${id}`);
    ids.add(id);
    check(at, `${field}.name`, checkText('pool-name', p.name));
    check(at, `${field}.file`, checkFileName(p.file));
    check(at, `${field}.sha256`, checkSha256Hex(p.sha256));
    check(at, `${field}.entries`, checkCount('pool-entries', p.entries));
    check(at, `${field}.totalWeight`, checkTotalWeight(p.totalWeight));
    check(at, `${field}.quota`, checkCount('pool-quota', p.quota));
    const alternates = p.alternates ?? 0;
    check(at, `${field}.alternates`, checkCount('pool-alternates', alternates));
    return {
      id,
      name: p.name as string,
      file: p.file as string,
      sha256: p.sha256 as string,
      entries: p.entries as number,
      totalWeight: p.totalWeight as number,
      quota: p.quota as number,
      alternates: alternates as number,
    };
  });
  return { format: PACKAGE_FORMAT, period: root.period as string, title: root.title as string, balls: seed.balls as number, pools };
}

/** Adds the field path to a validator's problem and throws it. */
function check(at: Place, field: string, p: Problem | undefined): void {
  if (p) failWith(at, { rule: p.rule, zh: `${field}：${p.zh}`, en: `${field}: ${p.en}` });
}

// Unknown keys are refused: a misspelt "alternate" must not silently mean 0 alternates.
function expectObject(v: unknown, field: string, required: string[], optional: string[], at: Place): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    fail(at, 'manifest-shape', `${field} 须为 JSON 对象`, `${field} must be a JSON object`);
  }
  const obj = v as Record<string, unknown>;
  for (const key of required) {
    if (!(key in obj)) fail(at, 'manifest-shape', `${field} 缺少键 "${key}"`, `${field} is missing key "${key}"`);
  }
  for (const key of Object.keys(obj)) {
    if (!required.includes(key) && !optional.includes(key)) {
      fail(at, 'manifest-shape', `${field} 含未定义的键 "${key}"`, `${field} has an unknown key "${key}"`);
    }
  }
  return obj;
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function jsonErrorLine(text: string, e: unknown): number | undefined {
  const msg = String(e);
  const line = /\(line (\d+) column \d+\)/.exec(msg);
  if (line) return Number(line[1]);
  const pos = /at position (\d+)/.exec(msg);
  if (pos) return text.slice(0, Number(pos[1])).split('\n').length;
  return text.trim() === '' ? 1 : undefined;
}
