// Writing the evidence bundle: complete or not at all. Everything goes into a temporary
// folder beside the target, every file and folder is fsynced, then one rename makes it
// appear; an existing target is never overwritten.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statfsSync, type Dirent } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkBundle, sha256sums, SUMS_FILE, type BundleFiles } from '../../draw-core/bundle-check.ts';
import type { BundleFact } from '../../draw-core/ceremony.ts';
import { DrawInputError, fail } from '../../draw-core/errors.ts';
import { sha256Hex } from '../../draw-core/sha256.ts';
import type { MediaProblem, ReadbackMismatch } from '../contract/failures.ts';
import { failWith } from './failure.ts';
import { fsyncDir, writeFileDurably } from './files.ts';
import { PACKAGE_LIMITS } from '../../draw-core/package.ts';
import { ioReason, nativeSha256, readRegularFile, regularFile, type SeenFile } from './package-files.ts';

export interface BundleFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface WriteOptions {
  /** Test-only: called after each file is written (to pull the stick mid-write). */
  readonly afterFile?: ((written: number, temp: string) => void) | undefined;
}

/**
 * Writes `files` plus SHA256SUMS to `target`, then reads every file back from the medium
 * and checks it against SHA256SUMS: only a bundle that reads back whole is returned. If
 * `target` already holds exactly this bundle (a crash came after the rename, before it was
 * journaled), it is taken as written.
 */
export function writeBundle(target: string, files: readonly BundleFile[], options: WriteOptions = {}): BundleFact {
  const sums = new TextEncoder().encode(sha256sums(files, nativeSha256));
  const fact: BundleFact = { name: basename(target), sha256sums: sha256Hex(sums, nativeSha256), files: files.length + 1 };
  if (existsSync(target)) {
    const existing = readFolder(target);
    const existingSums = existing.read(SUMS_FILE);
    if (existingSums && Buffer.from(existingSums).equals(sums) && checkBundle(existing, nativeSha256).ok) return fact;
    failWith({ kind: 'bundle-exists', target });
  }
  const parent = dirname(target);
  const all = [...files, { name: SUMS_FILE, bytes: sums }];
  checkSpace(parent, target, all);
  const temp = join(parent, `.${basename(target)}.partial`);
  try {
    rmSync(temp, { recursive: true, force: true }); // a partial folder left by a crash is ours
    mkdirSync(temp); // not recursive: on a read-only medium this says EROFS, where recursive says ENOENT
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
      const path = join(temp, ...parts);
      writeFileDurably(path, f.bytes, 'wx');
      options.afterFile?.(++written, temp);
    }
    for (const dir of folders(temp, files)) fsyncDir(dir);
    fsyncDir(temp);
    renameSync(temp, target);
    fsyncDir(parent);
  } catch (e) {
    failWith({ kind: 'write-failed', target, ...mediaProblem(e), leftover: cleanUp(temp) });
  }
  readBack(target, sums);
  return fact;
}

/** Every file read back from the medium must match SHA256SUMS, and nothing else may be there. */
function readBack(target: string, sums: Uint8Array): void {
  const expected = new TextDecoder().decode(sums).trimEnd().split('\n').map((l) => [l.slice(66), l.slice(0, 64)] as const);
  let mismatch: ReadbackMismatch | undefined;
  try {
    const found = readFolder(target);
    if (found.names.length !== expected.length + 1) mismatch = { found: found.names.length, expected: expected.length + 1 };
    for (const [name, hash] of expected) {
      const bytes = found.read(name);
      if (!mismatch && (!bytes || sha256Hex(bytes, nativeSha256) !== hash)) mismatch = { file: name };
    }
  } catch (e) {
    mismatch = { detail: e instanceof Error ? e.message : String(e) };
  }
  if (mismatch === undefined) return;
  const marked = `${target}.UNVERIFIED-${Date.now()}`;
  try {
    renameSync(target, marked);
  } catch {
    // the medium is gone: nothing to mark
  }
  failWith({ kind: 'readback-failed', target, markedAs: basename(marked), mismatch });
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
