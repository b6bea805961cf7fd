// Writing outputs durably and never over something that is already there.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../../draw-core/errors.ts';
import { ioReason } from './package-files.ts';

/** Creates `dir` if missing and refuses if any of `names` is already in it. */
export function prepareOutputDir(dir: string, names: readonly string[], mustBeEmpty: boolean): void {
  let existing: string[];
  try {
    mkdirSync(dir, { recursive: true });
    existing = readdirSync(dir);
  } catch (e) {
    fail({ file: dir }, 'output-dir', `无法创建输出目录：${ioReason(e)}`, `cannot create the output folder: ${ioReason(e)}`);
  }
  const clash = mustBeEmpty ? existing[0] : names.find((n) => existing.includes(n));
  if (clash !== undefined) {
    fail({ file: join(dir, clash) }, 'no-overwrite', mustBeEmpty ? '输出目录须为空，不会覆盖已有文件' : '文件已存在，不会覆盖',
      mustBeEmpty ? 'the output folder must be empty; nothing is overwritten' : 'the file exists already; nothing is overwritten');
  }
}

/** Writes each file exclusively (never replacing one), fsyncs it, then fsyncs the folder. */
export function writeFilesDurably(dir: string, files: readonly { name: string; bytes: Uint8Array }[]): void {
  for (const { name, bytes } of files) writeFileDurably(join(dir, name), bytes, 'wx');
  fsyncDir(dir);
}

/** Writes one file and fsyncs it; 'wx' refuses to replace an existing file. */
export function writeFileDurably(path: string, bytes: Uint8Array, flag: 'w' | 'wx' = 'w'): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, flag);
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (e) {
    fail({ file: path }, 'write', `写入失败：${ioReason(e)}`, `cannot write: ${ioReason(e)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * File systems that cannot sync a folder say so with these (PostgreSQL's fsync_fname accepts
 * the same two): procfs, some FUSE and network mounts. The files were each fsynced already.
 */
const FOLDER_SYNC_UNSUPPORTED = new Set(['EINVAL', 'EBADF']);

/**
 * Makes a folder's entries (new files, renames) durable (docs/JOURNAL.md, Durability).
 * Not on Windows: FlushFileBuffers needs a writable handle and Node can open a folder only
 * read-only there (fsync says EPERM), and nothing else is offered to an unprivileged process.
 * There, NTFS journals every rename (after a crash it is done or not, never half) and
 * commits it with its log, and removable drives are write-through by default (Quick removal).
 */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (e) {
    if (fd === undefined || !FOLDER_SYNC_UNSUPPORTED.has((e as NodeJS.ErrnoException).code ?? '')) {
      fail({ file: dir }, 'write', `无法将目录中的新文件与改名同步到磁盘（fsync）：${ioReason(e)}`, `cannot make the folder's entries durable (fsync): ${ioReason(e)}`);
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
