// A sealed package on disk: a folder, or a .zip with the same files at its root. Only
// regular files are read: a symlink, FIFO, socket or device is refused, and a file swapped
// between the check and the read is caught (opened without following links, then fstat).
import { hash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../../draw-core/errors.ts';
import { checkFileName, MANIFEST_FILE } from '../../draw-core/manifest.ts';
import { checkFileSize, fileLimit, readPackage, type PackageSource, type SealedPackage } from '../../draw-core/package.ts';
import { zipPackageSource, type ZipBytes } from '../../draw-core/package-zip.ts';
import type { Sha256 } from '../../draw-core/sha256.ts';

/** OpenSSL's SHA-256: the same function as draw-core's, several times faster on pool files. */
export const nativeSha256: Sha256 = (data) => hash('sha256', data, 'buffer');

// O_NONBLOCK: a FIFO opens at once (and fstat refuses it) instead of waiting for a writer.
// O_NOFOLLOW: a symlink swapped in after the check fails to open. Neither exists on Windows,
// where the identity check after opening still catches a swap.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** The file a check saw, which the read must find again. */
export interface SeenFile {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
}

export function packageSource(path: string): PackageSource {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (e) {
    fail({ file: path }, 'package-missing', `找不到包：${ioReason(e)}`, `cannot open the package: ${ioReason(e)}`);
  }
  return isDirectory ? folderSource(path) : zipPackageSource(zipOnDisk(path), path);
}

function folderSource(dir: string): PackageSource {
  const seen = new Map<string, SeenFile | undefined>();
  // Only plain names are ever joined to the folder: never a path outside the package.
  const plain = (name: string) => name === MANIFEST_FILE || !checkFileName(name);
  const check = (name: string) => {
    if (!seen.has(name)) seen.set(name, regularFile(join(dir, name)));
    return seen.get(name);
  };
  return {
    describe: (name) => join(dir, name),
    size: (name) => (plain(name) ? check(name)?.size : undefined),
    read: (name) => {
      if (!plain(name)) return undefined;
      const file = check(name);
      return file && readRegularFile(join(dir, name), file, fileLimit(name));
    },
  };
}

/**
 * The zip is opened for each step and must be the same file each time. Its own path is the
 * one the user named, so a link to it is followed, but it must lead to a regular file.
 */
export function zipOnDisk(path: string): ZipBytes {
  const first = openRegular(path, undefined, true);
  closeSync(first.fd);
  return {
    size: first.seen.size,
    open: (use) => {
      const { fd } = openRegular(path, first.seen, true);
      try {
        return use((offset, length) => {
          const bytes = new Uint8Array(length);
          if (readFully(fd, bytes, offset) !== length) changed(path);
          return bytes;
        });
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** lstat: undefined when there is no such file; refused when it is anything but a regular file. */
export function regularFile(path: string): SeenFile | undefined {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    fail({ file: path }, 'io', `无法读取：${ioReason(e)}`, `cannot read: ${ioReason(e)}`);
  }
  if (!st.isFile()) notRegular(path, st);
  return { dev: st.dev, ino: st.ino, size: st.size };
}

/** Reads the file `seen` whole, refused over `limit` before a byte is read. */
export function readRegularFile(path: string, seen: SeenFile, limit: number): Uint8Array {
  checkFileSize(path, seen.size, limit);
  const { fd } = openRegular(path, seen, false);
  try {
    const bytes = new Uint8Array(seen.size);
    // Exactly the size checked: a file growing or shrinking while read is refused.
    if (readFully(fd, bytes, 0) !== seen.size || readSync(fd, new Uint8Array(1), 0, 1, seen.size) !== 0) changed(path);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/** Opens a regular file, following a link only if `follow`; it must be the file `expected` (when given). */
function openRegular(path: string, expected: SeenFile | undefined, follow: boolean): { fd: number; seen: SeenFile } {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS | (follow ? 0 : NO_FOLLOW));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENXIO') {
      const st = lstatSync(path, { throwIfNoEntry: false });
      if (st) notRegular(path, st);
    }
    if (expected && (code === 'ENOENT' || code === 'ELOOP' || code === 'ENXIO')) changed(path);
    fail({ file: path }, code === 'ENOENT' ? 'package-missing' : 'io', `无法打开：${ioReason(e)}`, `cannot open: ${ioReason(e)}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) notRegular(path, st);
    if (expected && (st.dev !== expected.dev || st.ino !== expected.ino || st.size !== expected.size)) changed(path);
    return { fd, seen: { dev: st.dev, ino: st.ino, size: st.size } };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

function readFully(fd: number, into: Uint8Array, position: number): number {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

function notRegular(path: string, st: Stats): never {
  const [zh, en] = st.isSymbolicLink() ? ['符号链接', 'a symbolic link']
      : st.isDirectory() ? ['文件夹', 'a folder']
        : st.isFIFO() ? ['管道（FIFO）', 'a FIFO']
          : st.isSocket() ? ['套接字', 'a socket']
            : st.isCharacterDevice() || st.isBlockDevice() ? ['设备', 'a device'] : ['特殊文件', 'a special file'];
  fail({ file: path }, 'file-type', `是${zh}，不是普通文件；只读取普通文件（不跟随链接，不读管道或设备）`,
    `is ${en}, not a regular file; only regular files are read (no links, pipes or devices)`);
}

function changed(path: string): never {
  fail({ file: path }, 'file-changed', '文件在检查后被更换或改动，请勿在导入或核验时改动文件，然后重试',
    'the file was replaced or changed after it was checked; leave the files alone while they are imported or verified, and try again');
}

export function openPackage(path: string): SealedPackage {
  return readPackage(packageSource(path), nativeSha256);
}

export function ioReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code} ${err.syscall ?? ''}`.trim() : String(e);
}
