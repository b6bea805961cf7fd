// A pool's CSV file (spec draw-v1 §1, "Pool CSV file"), read into compact typed arrays:
// no JavaScript string or object per entry, so 12 million entries fit well under 1 GB.
import { ascii } from './bytes.ts';
import { fail, type Place } from './errors.ts';

export const MAX_CODE_LENGTH = 64;
export const MAX_WEIGHT = 1_000_000;
const HEADER = 'code,weight';

/** Entries in file order (ascending code). Codes stay as byte ranges of the file. */
export interface PoolEntries {
  readonly count: number;
  readonly totalWeight: number;
  readonly weights: Uint32Array;
  /** Offset of entry i's code in `bytes`; its length is codeLengths[i]. */
  readonly codeStarts: Uint32Array;
  readonly codeLengths: Uint8Array;
  readonly bytes: Uint8Array;
}

export function codeAt(pool: PoolEntries, i: number): string {
  const start = pool.codeStarts[i]!;
  return ascii(pool.bytes, start, start + pool.codeLengths[i]!);
}

const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const ZERO = 0x30;
const NINE = 0x39;

/** True for the bytes a code may hold: [0-9A-Za-z_-]. */
export function isCodeByte(b: number): boolean {
  return (b >= ZERO && b <= NINE) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === 0x2d;
}

/** Byte order of two codes held in buffers: negative, zero or positive. */
export function compareCodes(a: Uint8Array, aStart: number, aLen: number, b: Uint8Array, bStart: number, bLen: number): number {
  const n = Math.min(aLen, bLen);
  for (let k = 0; k < n; k++) {
    const d = a[aStart + k]! - b[bStart + k]!;
    if (d !== 0) return d;
  }
  return aLen - bLen;
}

/**
 * Parses a pool file. `expected` is the manifest's word for the pool (entries, totalWeight);
 * the count also bounds the arrays allocated, never trusting it beyond the file's size.
 */
export function parsePoolFile(bytes: Uint8Array, file: string, expected: { entries: number; totalWeight: number }): PoolEntries {
  const at = (line: number): Place => ({ file, line });
  let pos = afterBom(bytes);

  // Header line.
  const headerEnd = lineEnd(bytes, pos);
  if (ascii(bytes, pos, Math.min(headerEnd, pos + 64)) !== HEADER || headerEnd - pos !== HEADER.length) {
    fail(at(1), 'csv-header', `首行须恰为 "${HEADER}"`, `first line must be exactly "${HEADER}"`);
  }
  pos = afterNewline(bytes, headerEnd, at(1));

  // The shortest entry line is "A,1\n": at most (size + 1) / 4 entries can be in the file.
  const capacity = Math.min(expected.entries, Math.floor((bytes.length - pos + 1) / 4));
  const weights = new Uint32Array(capacity);
  const codeStarts = new Uint32Array(capacity);
  const codeLengths = new Uint8Array(capacity);
  let count = 0;
  let total = 0;
  let line = 1;

  while (pos < bytes.length) {
    line++;
    const entry = readEntryLine(bytes, pos, file, line, false);
    const { codeStart: start, codeLength } = entry;
    if (count > 0) {
      const prev = count - 1;
      const order = compareCodes(bytes, codeStarts[prev]!, codeLengths[prev]!, bytes, start, codeLength);
      if (order >= 0) {
        const code = ascii(bytes, start, start + codeLength);
        const before = ascii(bytes, codeStarts[prev]!, codeStarts[prev]! + codeLengths[prev]!);
        if (order === 0) fail(at(line), 'code-unique', `编码 ${code} 与上一行重复`, `code ${code} repeats the line before`);
        fail(at(line), 'code-order', `编码须按字节严格升序：${code} 排在 ${before} 之后`, `codes must be strictly ascending by byte value: ${code} comes after ${before}`);
      }
    }
    if (count === capacity) {
      fail({ file }, 'entries-count', `条目多于清单所载的 ${expected.entries} 条`, `more entries than the manifest's ${expected.entries}`);
    }
    weights[count] = entry.weight;
    codeStarts[count] = start;
    codeLengths[count] = codeLength;
    count++;
    total += entry.weight;
    pos = entry.next;
  }

  if (count !== expected.entries) {
    fail({ file }, 'entries-count', `条目数 ${count} 与清单所载的 ${expected.entries} 不符`, `${count} entries, but the manifest says ${expected.entries}`);
  }
  if (total !== expected.totalWeight) {
    fail({ file }, 'total-weight', `权重合计 ${total} 与清单所载的 ${expected.totalWeight} 不符`, `weights sum to ${total}, but the manifest says ${expected.totalWeight}`);
  }
  return { count, totalWeight: total, weights, codeStarts, codeLengths, bytes };
}

/** One entry line as read: reused for every line, so reading allocates nothing per entry. */
export interface EntryLine {
  codeStart: number;
  codeLength: number;
  weight: number;
  /** Where the next line starts. */
  next: number;
}
const scratch: EntryLine = { codeStart: 0, codeLength: 0, weight: 0, next: 0 };

/**
 * Reads `CODE,WEIGHT` (or `CODE` alone, weight 1, where `weightOptional`) starting at `pos`,
 * with its line ending. The returned object is overwritten by the next call.
 */
export function readEntryLine(bytes: Uint8Array, pos: number, file: string, line: number, weightOptional: boolean): EntryLine {
  const at: Place = { file, line };
  const start = pos;
  if (bytes[pos] === LF || bytes[pos] === CR) {
    fail(at, 'csv-empty-line', '不得有空行', 'empty lines are not allowed');
  }
  while (pos < bytes.length && isCodeByte(bytes[pos]!)) pos++;
  const codeLength = pos - start;
  const b = bytes[pos];
  const lineDone = b === undefined || b === LF || b === CR;
  if (!lineDone && b !== COMMA) {
    fail(at, 'code-syntax', `编码只能含 [0-9A-Za-z_-]，第 ${pos - start + 1} 个字节为 ${byteName(b)}`, `code may only hold [0-9A-Za-z_-]; byte ${pos - start + 1} is ${byteName(b)}`);
  }
  if (lineDone && !weightOptional) {
    fail(at, 'csv-fields', '每行须为 "CODE,WEIGHT"，缺少逗号和权重', 'each line must be "CODE,WEIGHT": missing comma and weight');
  }
  if (codeLength === 0 || codeLength > MAX_CODE_LENGTH) {
    fail(at, 'code-length', `编码须为 1–${MAX_CODE_LENGTH} 个字符，实为 ${codeLength}`, `code must be 1..${MAX_CODE_LENGTH} chars, got ${codeLength}`);
  }
  scratch.codeStart = start;
  scratch.codeLength = codeLength;
  scratch.weight = 1;
  if (lineDone) {
    scratch.next = afterNewline(bytes, pos, at);
    return scratch;
  }
  pos++; // comma

  const weightStart = pos;
  let weight = 0;
  while (pos < bytes.length && bytes[pos]! >= ZERO && bytes[pos]! <= NINE) {
    if (weight <= MAX_WEIGHT) weight = weight * 10 + (bytes[pos]! - ZERO); // saturates past the range
    pos++;
  }
  const end = lineEnd(bytes, pos);
  if (end !== pos) {
    if (bytes[pos] === COMMA) fail(at, 'csv-fields', '每行只能有两个字段 "CODE,WEIGHT"', 'each line must have exactly two fields "CODE,WEIGHT"');
    fail(at, 'weight-syntax', `权重须为无符号十进制整数，含 ${byteName(bytes[pos])}`, `weight must be an unsigned decimal integer; found ${byteName(bytes[pos])}`);
  }
  const weightLength = pos - weightStart;
  if (weightLength === 0) fail(at, 'weight-syntax', '缺少权重', 'weight is missing');
  if (bytes[weightStart] === ZERO) {
    if (weightLength === 1) fail(at, 'weight-range', `权重须在 1–${MAX_WEIGHT} 之间，实为 0`, `weight must be 1..${MAX_WEIGHT}, got 0`);
    fail(at, 'weight-syntax', '权重不得有前导零', 'weight must have no leading zero');
  }
  if (weight > MAX_WEIGHT) {
    fail(at, 'weight-range', `权重须在 1–${MAX_WEIGHT} 之间，实为 ${ascii(bytes, weightStart, pos)}`, `weight must be 1..${MAX_WEIGHT}, got ${ascii(bytes, weightStart, pos)}`);
  }
  scratch.weight = weight;
  scratch.next = afterNewline(bytes, end, at);
  return scratch;
}

/** Where the text starts: after a UTF-8 BOM if there is one. */
export function afterBom(bytes: Uint8Array): number {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** Index of the line's end: the LF, the CR of a CRLF, or the end of the file. */
export function lineEnd(bytes: Uint8Array, pos: number): number {
  let i = pos;
  while (i < bytes.length && bytes[i] !== LF && bytes[i] !== CR) i++;
  return i;
}

/** Position after the line ending at `end` (LF, CRLF or end of file); a lone CR is an error. */
export function afterNewline(bytes: Uint8Array, end: number, at: Place): number {
  if (end >= bytes.length) return end;
  if (bytes[end] === LF) return end + 1;
  if (bytes[end + 1] === LF) return end + 2;
  fail(at, 'csv-line-ending', '行尾须为 LF 或 CRLF，不能是单独的 CR', 'lines must end in LF or CRLF, not a lone CR');
}

function byteName(b: number | undefined): string {
  if (b === undefined) return 'end of file';
  if (b === LF) return 'LF';
  if (b === CR) return 'CR';
  if (b >= 0x21 && b < 0x7f) return `"${String.fromCharCode(b)}"`;
  return `0x${b.toString(16).padStart(2, '0')}`;
}
