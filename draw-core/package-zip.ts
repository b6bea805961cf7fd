// A package as a .zip holding the package's files at its root (spec draw-v1 §1), read so
// that a hostile zip cannot exhaust memory: the central directory first, within limits;
// then only the entries asked for (the manifest, then the pool files it names), each
// inflated a small step at a time into a buffer of its declared size and refused the moment
// it inflates past it. Sizes come from the central directory, never from local headers
// (which a zip written as a stream leaves empty).
import { Inflate } from 'fflate';
import { DrawInputError, fail } from './errors.ts';
import { checkFileSize, fileLimit, type PackageSource } from './package.ts';

/** README, "Package limits". */
export const ZIP_LIMITS = {
  /** Entries in the zip: 64 pools and the manifest, with room for what zippers add. */
  entries: 1024,
  /** Declared size to compressed size, at most: code lists deflate about 5–10 : 1, a zip bomb about 1000 : 1. */
  ratio: 100,
} as const;

/** Entries this small are not held to the ratio: a small file may deflate very well. */
const RATIO_FLOOR = 2 ** 20;
/** The central directory of `entries` ordinary entries fits in this many bytes each. */
const DIRECTORY_BYTES_PER_ENTRY = 4096;
/** Compressed bytes inflated at a time: deflate expands at most about 1032 times, so one step yields at most ~16 MiB. */
const STEP = 16 * 1024;

const END = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

/** Random access to a zip's bytes (a file on disk is opened for the call, never read whole). */
export interface ZipBytes {
  readonly size: number;
  /** Calls `use` with a reader returning exactly `length` bytes at `offset`. */
  open<T>(use: (read: (offset: number, length: number) => Uint8Array) => T): T;
}

export interface Entry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly compressedSize: number;
  /** The uncompressed size the central directory declares. */
  readonly size: number;
  readonly localOffset: number;
}

/** The root files of a zip; `label` names the zip in errors (e.g. "pkg.zip"). */
export function zipPackageSource(zip: ZipBytes, label: string): PackageSource {
  const byName = new Map<string, Entry>();
  for (const entry of zip.open((read) => centralDirectory(read, zip.size, label))) {
    // Only root files belong to the package: a name with a path is never read.
    if (entry.name.includes('/') || entry.name.includes('\\')) continue;
    // Two entries of one name would let two readers see two different packages.
    if (byName.has(entry.name)) {
      fail({ file: `${label}/${entry.name}` }, 'zip-duplicate', 'zip 中有同名的两个文件', 'the zip holds two files of this name');
    }
    byName.set(entry.name, entry);
  }
  return {
    describe: (name) => `${label}/${name}`,
    size: (name) => byName.get(name)?.size,
    read: (name) => {
      const entry = byName.get(name);
      return entry && zip.open((read) => inflateEntry(read, zip.size, entry, `${label}/${name}`, fileLimit(name)));
    },
  };
}

export function centralDirectory(read: (offset: number, length: number) => Uint8Array, size: number, label: string): Entry[] {
  const bad = (zh: string, en: string): never => fail({ file: label }, 'zip-format', `无法读取 zip：${zh}`, `cannot read the zip: ${en}`);
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = read(size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0 && end < 0; i--) {
    if (u32(tail, i) === END && i + 22 + u16(tail, i + 20) <= tail.length) end = i;
  }
  if (end < 0) bad('找不到 zip 目录（不是 zip 文件？）', 'no central directory (not a zip file?)');
  if (u16(tail, end + 4) !== 0 || u16(tail, end + 6) !== 0 || u16(tail, end + 8) !== u16(tail, end + 10)) bad('分卷 zip 不受支持', 'a multi-part zip is not supported');
  let count = u16(tail, end + 10);
  let directorySize = u32(tail, end + 12);
  let directoryOffset = u32(tail, end + 16);
  if (count === 0xffff || directorySize === MAX32 || directoryOffset === MAX32) {
    const locatorAt = size - tailLength + end - 20;
    const locator = locatorAt >= 0 ? read(locatorAt, 20) : new Uint8Array(20);
    if (u32(locator, 0) !== ZIP64_LOCATOR) bad('缺少 zip64 目录定位记录', 'the zip64 end locator is missing');
    const recordAt = u64(locator, 8);
    if (recordAt + 56 > size) bad('zip64 目录记录超出文件', 'the zip64 end record lies past the end of the file');
    const record = read(recordAt, 56);
    if (u32(record, 0) !== ZIP64_END) bad('zip64 目录记录无效', 'the zip64 end record is invalid');
    count = u64(record, 32);
    directorySize = u64(record, 40);
    directoryOffset = u64(record, 48);
  }
  if (count > ZIP_LIMITS.entries || directorySize > ZIP_LIMITS.entries * DIRECTORY_BYTES_PER_ENTRY) {
    fail({ file: label }, 'zip-entries', `zip 含 ${count} 个条目（目录 ${directorySize} 字节），超过上限 ${ZIP_LIMITS.entries} 个；数据包只需清单和各池文件`,
      `the zip holds ${count} entries (a directory of ${directorySize} bytes), over the limit of ${ZIP_LIMITS.entries}; a package needs only the manifest and the pool files`);
  }
  if (directoryOffset + directorySize > size) bad('zip 目录超出文件（文件不完整？）', 'the central directory lies past the end of the file (is the file complete?)');
  const dir = read(directoryOffset, directorySize);
  const entries: Entry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > dir.length || u32(dir, at) !== CENTRAL) bad(`第 ${i + 1} 个目录项无效`, `central directory record ${i + 1} is invalid`);
    const flags = u16(dir, at + 8);
    const nameLength = u16(dir, at + 28);
    const extraLength = u16(dir, at + 30);
    const next = at + 46 + nameLength + extraLength + u16(dir, at + 32);
    if (next > dir.length) bad(`第 ${i + 1} 个目录项超出目录`, `central directory record ${i + 1} runs past the directory`);
    let size32 = u32(dir, at + 24);
    let compressed32 = u32(dir, at + 20);
    let offset32 = u32(dir, at + 42);
    // zip64: each field saturated in the record is in the extra field 0x0001, in this order.
    const sizes = zip64Extra(dir.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    if (size32 === MAX32) size32 = sizes.shift() ?? bad('zip64 大小缺失', 'a zip64 size is missing');
    if (compressed32 === MAX32) compressed32 = sizes.shift() ?? bad('zip64 大小缺失', 'a zip64 size is missing');
    if (offset32 === MAX32) offset32 = sizes.shift() ?? bad('zip64 偏移缺失', 'a zip64 offset is missing');
    entries.push({
      name: entryName(dir.subarray(at + 46, at + 46 + nameLength), flags),
      flags,
      method: u16(dir, at + 10),
      compressedSize: compressed32,
      size: size32,
      localOffset: offset32,
    });
    at = next;
  }
  return entries;
}

function zip64Extra(extra: Uint8Array): number[] {
  for (let at = 0; at + 4 <= extra.length; at += 4 + u16(extra, at + 2)) {
    if (u16(extra, at) !== 0x0001) continue;
    const values: number[] = [];
    for (let v = at + 4; v + 8 <= Math.min(extra.length, at + 4 + u16(extra, at + 2)); v += 8) values.push(u64(extra, v));
    return values;
  }
  return [];
}

export function inflateEntry(read: (offset: number, length: number) => Uint8Array, zipSize: number, entry: Entry, file: string, limit: number): Uint8Array {
  const bad = (zh: string, en: string): never => fail({ file }, 'zip-format', `无法读取 zip 条目：${zh}`, `cannot read the zip entry: ${en}`);
  checkFileSize(file, entry.size, limit);
  if (entry.flags & 1) bad('已加密', 'it is encrypted');
  if (entry.method !== 0 && entry.method !== 8) bad(`压缩方法 ${entry.method} 不受支持（只支持 stored 与 deflate）`, `compression method ${entry.method} is not supported (only stored and deflate)`);
  if (entry.size > RATIO_FLOOR && entry.size > ZIP_LIMITS.ratio * entry.compressedSize) {
    const ratio = Math.round(entry.size / Math.max(1, entry.compressedSize));
    fail({ file }, 'zip-ratio', `压缩比 ${ratio}:1 超过上限 ${ZIP_LIMITS.ratio}:1，疑为 zip 炸弹；请用普通方式重新压缩数据包`,
      `a compression ratio of ${ratio}:1 is over the limit of ${ZIP_LIMITS.ratio}:1, as in a zip bomb; zip the package again in the ordinary way`);
  }
  if (entry.localOffset + 30 > zipSize) bad('条目位置超出文件', 'the entry lies past the end of the file');
  const local = read(entry.localOffset, 30);
  if (u32(local, 0) !== LOCAL) bad('本地文件头无效', 'its local header is invalid');
  const nameLength = u16(local, 26);
  const start = entry.localOffset + 30 + nameLength + u16(local, 28);
  if (start + entry.compressedSize > zipSize) bad('数据超出文件（文件不完整？）', 'its data runs past the end of the file (is the file complete?)');
  // The local header must name the same file: two names for one entry would let two readers differ.
  if (entryName(read(entry.localOffset + 30, nameLength), u16(local, 6)) !== entry.name) bad('本地文件头与目录中的文件名不同', 'its local header names another file than the central directory');

  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) sizeLie(file, entry.size);
    return read(start, entry.size);
  }
  const out = new Uint8Array(entry.size);
  let written = 0;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > out.length) sizeLie(file, entry.size);
    out.set(chunk, written);
    written += chunk.length;
  });
  let offset = 0;
  do {
    const n = Math.min(STEP, entry.compressedSize - offset);
    const chunk = read(start + offset, n);
    offset += n;
    try {
      inflater.push(chunk, offset === entry.compressedSize);
    } catch (e) {
      if (e instanceof DrawInputError) throw e;
      bad(`解压失败（${String(e)}）`, `it does not inflate (${String(e)})`);
    }
  } while (offset < entry.compressedSize);
  if (written !== out.length) sizeLie(file, entry.size);
  return out;
}

function sizeLie(file: string, declared: number): never {
  fail({ file }, 'zip-size', `解压出的字节数与 zip 所声明的 ${declared} 字节不符（zip 头不实）`, `it does not inflate to the ${declared} bytes the zip declares (its headers lie)`);
}

/** UTF-8 when the entry says so (flag bit 11), else one character per byte, as fflate decoded names. */
function entryName(bytes: Uint8Array, flags: number): string {
  if (flags & 0x800) return new TextDecoder().decode(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** Exact below 2^53, far beyond any size a limit admits. */
function u64(b: Uint8Array, at: number): number {
  return u32(b, at) + u32(b, at + 4) * 2 ** 32;
}
