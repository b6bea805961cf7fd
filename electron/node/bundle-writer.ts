// Writing the evidence bundle: complete or not at all. Everything goes into a temporary
// folder beside the target, every file and folder is fsynced, then one rename makes it
// appear; an existing target is never overwritten. Then every file is read back from the
// medium itself where the OS allows it (docs/JOURNAL.md, "Reading the bundle back from the
// stick"). Files are written and read a chunk at a time, reporting progress, the event loop
// free between.
import { createHash } from 'node:crypto';
import { constants, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statfsSync, type Dirent } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { evidenceDigestOf, sha256sums, SUMS_FILE, type BundleFiles } from '../../draw-core/bundle-check.ts';
import type { BundleFact } from '../../draw-core/ceremony.ts';
import { DrawInputError, fail } from '../../draw-core/errors.ts';
import { sha256Hex } from '../../draw-core/sha256.ts';
import type { MediaProblem, ReadbackMismatch } from '../contract/failures.ts';
import type { BundleWriteProgress } from '../contract/kiosk-api.ts';
import { failWith } from './failure.ts';
import { fsyncDir } from './files.ts';
import { PACKAGE_LIMITS } from '../../draw-core/package.ts';
import { ioReason, nativeSha256, readRegularFile, regularFile, type SeenFile } from './package-files.ts';

export interface BundleFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** How far the writing, then the reading back, has come (the view adds the target). */
export type BundleProgress = Omit<BundleWriteProgress, 'target'>;

/** How one file was read back: from the medium, or through the OS's cache, and then why. */
export interface ReadBackWay {
  readonly file: string;
  readonly way: 'direct' | 'cached';
  readonly reason?: string;
}

export interface WrittenBundle {
  readonly fact: BundleFact;
  /** Every file of the bundle, SHA256SUMS too, in the order read back. */
  readonly readBack: readonly ReadBackWay[];
}

export interface WriteOptions {
  readonly onProgress?: ((progress: BundleProgress) => void) | undefined;
  /** Test-only: called after each file is written (to pull the stick mid-write). */
  readonly afterFile?: ((written: number, temp: string) => void) | undefined;
}

/** Files are written and read back in pieces of this size: progress, and other work, go on between them. */
const CHUNK = 2 ** 20;

/**
 * Writes `files` plus SHA256SUMS to `target`, then reads every file back from the medium
 * and checks it against SHA256SUMS: only a bundle that reads back whole is returned. If
 * `target` already holds this bundle (a crash came after the rename, before it was journaled:
 * the same evidence digest and as many files, its report printed then), it is taken as
 * written once it reads back whole against its own SHA256SUMS.
 */
export async function writeBundle(target: string, files: readonly BundleFile[], options: WriteOptions = {}): Promise<WrittenBundle> {
  const sumsText = sha256sums(files, nativeSha256);
  const sums = new TextEncoder().encode(sumsText);
  const fact: BundleFact = { name: basename(target), evidenceDigest: evidenceDigestOf(sumsText, nativeSha256), files: files.length + 1 };
  const all = [...files, { name: SUMS_FILE, bytes: sums }];
  const progress = tracker(all, options.onProgress);
  if (existsSync(target)) {
    const existing = readFolder(target).read(SUMS_FILE);
    const existingText = existing && new TextDecoder().decode(existing);
    if (existingText !== undefined && existingText.split('\n').length === sumsText.split('\n').length && evidenceDigestOf(existingText, nativeSha256) === fact.evidenceDigest) {
      const found = await readBack(target, existingText, progress);
      if ('ways' in found) return { fact, readBack: found.ways };
    }
    failWith({ kind: 'bundle-exists', target });
  }
  const parent = dirname(target);
  checkSpace(parent, target, all);
  const temp = join(parent, `.${basename(target)}.partial`);
  try {
    rmSync(temp, { recursive: true, force: true }); // a partial folder left by a crash is ours
    mkdirSync(temp); // not recursive: on a read-only medium this says EROFS, where recursive says ENOENT
    progress.start('writing');
    let written = 0;
    for (const f of all) {
      const parts = f.name.split('/');
      // One level at a time and never the temporary folder itself: a stick pulled mid-write is
      // ENOENT here, not a folder made anew for the rest of the files.
      let dir = temp;
      for (const part of parts.slice(0, -1)) {
        dir = join(dir, part);
        if (!existsSync(dir)) mkdirSync(dir);
      }
      await writeDurably(join(temp, ...parts), f.bytes, progress.bytes);
      progress.fileDone();
      options.afterFile?.(++written, temp);
    }
    for (const dir of folders(temp, files)) fsyncDir(dir);
    fsyncDir(temp);
    renameSync(temp, target);
    fsyncDir(parent);
  } catch (e) {
    failWith({ kind: 'write-failed', target, ...mediaProblem(e), leftover: cleanUp(temp) });
  }
  const found = await readBack(target, sumsText, progress);
  if ('ways' in found) return { fact, readBack: found.ways };
  const marked = `${target}.UNVERIFIED-${Date.now()}`;
  try {
    renameSync(target, marked);
  } catch {
    // the medium is gone: nothing to mark
  }
  return failWith({ kind: 'readback-failed', target, markedAs: basename(marked), mismatch: found.mismatch });
}

/** Counts files and bytes done in the current step and tells `report` at each change. */
function tracker(all: readonly BundleFile[], report: ((progress: BundleProgress) => void) | undefined) {
  let p: BundleProgress = { step: 'writing', filesDone: 0, files: all.length, bytesDone: 0, bytes: all.reduce((n, f) => n + f.bytes.length, 0) };
  const move = (change: Partial<BundleProgress>) => {
    p = { ...p, ...change };
    report?.(p);
  };
  return {
    start: (step: BundleProgress['step']) => move({ step, filesDone: 0, bytesDone: 0 }),
    bytes: (n: number) => move({ bytesDone: p.bytesDone + n }),
    fileDone: () => move({ filesDone: p.filesDone + 1 }),
  };
}

/** Writes a new file a chunk at a time ('wx': never over an existing one), then fsyncs it. */
async function writeDurably(path: string, bytes: Uint8Array, wrote: (n: number) => void): Promise<void> {
  const file = await open(path, 'wx');
  try {
    for (let at = 0; at < bytes.length;) {
      const { bytesWritten } = await file.write(bytes, at, Math.min(CHUNK, bytes.length - at), at);
      at += bytesWritten;
      wrote(bytesWritten);
    }
    await file.sync();
  } finally {
    await file.close();
  }
}

/**
 * Every file read back from the medium must match SHA256SUMS (`sumsText`), SHA256SUMS itself
 * must read back as written, and nothing else may be there.
 */
async function readBack(target: string, sumsText: string, progress: ReturnType<typeof tracker>): Promise<{ ways: ReadBackWay[] } | { mismatch: ReadbackMismatch }> {
  const expected = new Map(sumsText.trimEnd().split('\n').map((l) => [l.slice(66), l.slice(0, 64)] as const));
  expected.set(SUMS_FILE, sha256Hex(new TextEncoder().encode(sumsText), nativeSha256));
  progress.start('reading-back');
  try {
    const names = readFolder(target).names;
    if (names.length !== expected.size) return { mismatch: { found: names.length, expected: expected.size } };
    const missing = [...expected.keys()].find((name) => !names.includes(name));
    if (missing !== undefined) return { mismatch: { file: missing } };
    const window = alignedWindow();
    const ways: ReadBackWay[] = [];
    for (const name of names) {
      const { sha256, way, reason } = await readFromMedium(join(target, ...name.split('/')), progress.bytes, window);
      if (sha256 !== expected.get(name)) return { mismatch: { file: name } };
      ways.push({ file: name, way, ...(reason === undefined ? {} : { reason }) });
      progress.fileDone();
    }
    return { ways };
  } catch (e) {
    return { mismatch: { detail: e instanceof Error ? e.message : String(e) } };
  }
}

// Node has WebAssembly; the Node-side TypeScript libraries (ES2023, no DOM) do not declare it.
declare const WebAssembly: { Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer } };

/**
 * A read window that starts on a page boundary, as reads that bypass the cache need (O_DIRECT:
 * the buffer, the offset and the length aligned to the device's block; FILE_FLAG_NO_BUFFERING:
 * to its sector): a WebAssembly memory is allocated in whole pages. Node's Buffers are not aligned.
 */
function alignedWindow(): Uint8Array {
  return new Uint8Array(new WebAssembly.Memory({ initial: CHUNK / 65_536 }).buffer);
}

/**
 * The flag that bypasses the OS's cache on reading: O_DIRECT on Linux; on Windows libuv's
 * UV_FS_O_DIRECT, FILE_FLAG_NO_BUFFERING, which Node passes to libuv without naming it in
 * fs.constants; none on macOS (F_NOCACHE is an fcntl Node does not offer).
 */
const BYPASS_CACHE: number | undefined = process.platform === 'win32' ? 0x0200_0000 : constants.O_DIRECT;
const READ = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * Reads a file whole for its SHA-256, from the medium itself: fsynced pages may still be in the
 * OS's cache, and a read from there says nothing of what the stick holds. A file system that
 * refuses to bypass its cache (EINVAL on opening, or on the first read) is read through the
 * cache instead, and the answer says so.
 */
export async function readFromMedium(path: string, read: (n: number) => void, window = alignedWindow()): Promise<{ sha256: string; bytes: number; way: ReadBackWay['way']; reason?: string }> {
  const cached = async (reason: string) => ({ ...(await digestFile(path, READ, Buffer.allocUnsafe(CHUNK), read)), way: 'cached' as const, reason });
  if (BYPASS_CACHE === undefined) return cached(`no O_DIRECT on ${process.platform}`);
  try {
    return { ...(await digestFile(path, READ | BYPASS_CACHE, window, read)), way: 'direct' };
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    return cached(e.message);
  }
}

/** The file system refused to bypass its cache ("EINVAL open", "EINVAL read"). */
class Refused extends Error {}

/** SHA-256 of a file read through `window` a chunk at a time; a short read is its end. */
async function digestFile(path: string, flags: number, window: Uint8Array, read: (n: number) => void): Promise<{ sha256: string; bytes: number }> {
  let file: FileHandle;
  try {
    file = await open(path, flags);
  } catch (e) {
    refusedOr(e, 'open');
  }
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await file.read(window, 0, window.length, bytes));
      } catch (e) {
        // Only the first read may be refused: a later one would have counted bytes already.
        if (bytes === 0) refusedOr(e, 'read');
        throw e;
      }
      hash.update(window.subarray(0, bytesRead));
      bytes += bytesRead;
      if (bytesRead > 0) read(bytesRead);
      // Short at the end of the file: reading on from an unaligned offset would be refused.
      if (bytesRead < window.length) return { sha256: hash.digest('hex'), bytes };
    }
  } finally {
    await file.close();
  }
}

/** EINVAL is the file system refusing to bypass its cache; anything else is what it is. */
function refusedOr(e: unknown, on: 'open' | 'read'): never {
  throw (e as NodeJS.ErrnoException).code === 'EINVAL' ? new Refused(`EINVAL ${on}`) : e;
}

/** Every folder inside the bundle, a parent's too (publication/ holds only gbk/), each once. */
function folders(root: string, files: readonly BundleFile[]): Set<string> {
  const found = new Set<string>();
  for (const f of files) {
    const parts = f.name.split('/');
    for (let i = 1; i < parts.length; i++) found.add(join(root, ...parts.slice(0, i)));
  }
  return found;
}

/**
 * Refuses before writing anything when the medium cannot hold the bundle: each file takes whole
 * blocks of the medium (a FAT or exFAT stick's clusters may be 32 KiB or more), each folder at
 * least one, and 64 KiB is kept for the file system's own records.
 */
function checkSpace(dir: string, target: string, files: readonly BundleFile[]): void {
  let free: number;
  let block: number;
  try {
    const fs = statfsSync(dir);
    free = fs.bavail * fs.bsize;
    block = fs.bsize;
  } catch (e) {
    failWith({ kind: 'write-failed', target, ...mediaProblem(e) });
  }
  const blocks = (n: number) => Math.max(1, Math.ceil(n / block)) * block;
  const need = files.reduce((n, f) => n + blocks(f.bytes.length), (folders('', files).size + 1) * block + 65536);
  if (free < need) failWith({ kind: 'disk-full', freeBytes: free, neededBytes: need });
}

/** Removes the unfinished folder; its name when that fails too. */
function cleanUp(temp: string): string | undefined {
  try {
    rmSync(temp, { recursive: true, force: true });
    return undefined;
  } catch {
    return basename(temp);
  }
}

const MEDIA_ERRORS: Readonly<Record<string, MediaProblem>> = { ENOSPC: 'full', EROFS: 'read-only', ENOENT: 'gone', EIO: 'io', EACCES: 'denied' };

/** What the medium did: from the error's code, or from the code a durable write named in its words. */
function mediaProblem(e: unknown): { problem: MediaProblem; detail: string } {
  const code = e instanceof DrawInputError ? /\b(E[A-Z]+)\b/.exec(e.en)?.[1] : (e as NodeJS.ErrnoException).code;
  const problem = (code !== undefined && MEDIA_ERRORS[code]) || 'other';
  return { problem, detail: e instanceof DrawInputError ? (code ?? e.en) : ioReason(e) };
}

/** A bundle holds a few files per pool and a handful more: far fewer than this. */
export const MAX_BUNDLE_FILES = 1024;

/**
 * A bundle folder's files, by '/'-separated path: regular files only (a link, FIFO, socket or
 * device anywhere in it is refused), each read only if it is still the file listed, within
 * the limit for one file.
 */
export function readFolder(dir: string): BundleFiles {
  const files = new Map<string, SeenFile>();
  const walk = (sub: string[]) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(dir, ...sub), { withFileTypes: true });
    } catch (e) {
      fail({ file: join(dir, ...sub) }, 'bundle-missing', `无法读取证据包：${ioReason(e)}`, `cannot read the bundle: ${ioReason(e)}`);
    }
    for (const entry of entries) {
      const parts = [...sub, entry.name];
      if (entry.isDirectory()) { // readdir does not follow links: a linked folder is not a directory here
        walk(parts);
        continue;
      }
      const seen = regularFile(join(dir, ...parts));
      if (!seen) continue; // gone since it was listed
      files.set(parts.join('/'), seen);
      if (files.size > MAX_BUNDLE_FILES) {
        fail({ file: dir }, 'bundle-files', `证据包的文件超过 ${MAX_BUNDLE_FILES} 个，不是本软件写出的证据包`,
          `the bundle holds more than ${MAX_BUNDLE_FILES} files: this software never writes such a bundle`);
      }
    }
  };
  walk([]);
  return {
    names: [...files.keys()].sort(),
    read: (name) => {
      const seen = files.get(name);
      return seen && readRegularFile(join(dir, ...name.split('/')), seen, PACKAGE_LIMITS.poolFileBytes);
    },
  };
}
