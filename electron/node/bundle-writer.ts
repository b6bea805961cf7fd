// Writing the evidence bundle: complete or not at all. Everything goes into a temporary
// folder beside the target, every file and folder is fsynced, then one rename makes it
// appear; an existing target is never overwritten.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statfsSync, type Dirent } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkBundle, sha256sums, SUMS_FILE, type BundleFiles } from '../../draw-core/bundle-check.ts';
import type { BundleFact } from '../../draw-core/ceremony.ts';
import { fail } from '../../draw-core/errors.ts';
import { sha256Hex } from '../../draw-core/sha256.ts';
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
    fail({ file: target }, 'no-overwrite', '目标已存在，不会覆盖', 'the target exists already; nothing is overwritten');
  }
  const parent = dirname(target);
  checkSpace(parent, files.reduce((n, f) => n + f.bytes.length, sums.length), files.length + 1);
  const temp = join(parent, `.${basename(target)}.partial`);
  try {
    rmSync(temp, { recursive: true, force: true }); // a partial folder left by a crash is ours
    mkdirSync(temp); // not recursive: on a read-only medium this says EROFS, where recursive says ENOENT
    let written = 0;
    for (const f of [...files, { name: SUMS_FILE, bytes: sums }]) {
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
    for (const dir of new Set(files.map((f) => dirname(join(temp, ...f.name.split('/')))))) fsyncDir(dir);
    fsyncDir(temp);
    renameSync(temp, target);
    fsyncDir(parent);
  } catch (e) {
    const left = cleanUp(temp);
    const cause = e instanceof Error && e.name === 'DrawInputError' ? (e as Error & { en: string; zh: string }) : undefined;
    const [zh, en] = mediaProblem(cause ? undefined : e, cause);
    fail({ file: target }, 'bundle-write', `证据包未写成：${zh}${left}`, `the evidence bundle was not written: ${en}${left}`);
  }
  readBack(target, sums);
  return fact;
}

/** Every file read back from the medium must match SHA256SUMS, and nothing else may be there. */
function readBack(target: string, sums: Uint8Array): void {
  const expected = new TextDecoder().decode(sums).trimEnd().split('\n').map((l) => [l.slice(66), l.slice(0, 64)] as const);
  let problem: string | undefined;
  try {
    const found = readFolder(target);
    if (found.names.length !== expected.length + 1) problem = `${found.names.length} files, expected ${expected.length + 1}`;
    for (const [name, hash] of expected) {
      const bytes = found.read(name);
      if (!problem && (!bytes || sha256Hex(bytes, nativeSha256) !== hash)) problem = `${name} does not read back as written`;
    }
  } catch (e) {
    problem = e instanceof Error ? e.message : String(e);
  }
  if (problem === undefined) return;
  const marked = `${target}.UNVERIFIED-${Date.now()}`;
  try {
    renameSync(target, marked);
  } catch {
    // the medium is gone: nothing to mark
  }
  fail({ file: target }, 'bundle-readback', `写入后读回校验失败（${problem}），已标记为 ${basename(marked)}，请换一个 U 盘重写`,
    `reading the bundle back failed (${problem}); it is marked ${basename(marked)}: write it again, to another stick`);
}

/** Refuses before writing anything when the medium cannot hold the bundle. */
function checkSpace(dir: string, bytes: number, files: number): void {
  let free: number;
  try {
    const fs = statfsSync(dir);
    free = fs.bavail * fs.bsize;
  } catch (e) {
    const [zh, en] = mediaProblem(e);
    fail({ file: dir }, 'bundle-write', zh, en);
  }
  const need = bytes + files * 8192 + 65536; // a block per file and the folders, at the least
  if (free < need) {
    const mb = (n: number) => (n / 2 ** 20).toFixed(1);
    fail({ file: dir }, 'media-full', `空间不足：需要约 ${mb(need)} MB，只有 ${mb(free)} MB`, `not enough space: about ${mb(need)} MB needed, ${mb(free)} MB free`);
  }
}

function cleanUp(temp: string): string {
  try {
    rmSync(temp, { recursive: true, force: true });
    return '';
  } catch {
    return `（未完成的文件夹 ${basename(temp)} 可能残留，它不是证据包）/ (the unfinished folder ${basename(temp)} may remain; it is not a bundle)`;
  }
}

/** A medium's failure in words the host can act on. */
function mediaProblem(e: unknown, cause?: { zh: string; en: string }): [string, string] {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? /\b(ENOSPC|EROFS|ENOENT|EIO|EACCES)\b/.exec(cause?.en ?? '')?.[1];
  switch (code) {
    case 'ENOSPC': return ['U 盘已满', 'the stick is full'];
    case 'EROFS': return ['U 盘只读（写保护开关？）', 'the stick is read-only (its write-protect switch?)'];
    case 'ENOENT': return ['U 盘或文件夹已不在（被拔出？）', 'the stick or the folder has gone (pulled out?)'];
    case 'EIO': return ['U 盘读写出错', 'the stick failed to read or write'];
    case 'EACCES': return ['无权写入该位置', 'no permission to write there'];
    default: return [cause?.zh ?? ioReason(e), cause?.en ?? ioReason(e)];
  }
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
