// Writing the evidence bundle: complete or not at all. Everything goes into a temporary
// folder beside the target, every file and folder is fsynced, then one rename makes it
// appear; an existing target is never overwritten.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { checkBundle, sha256sums, SUMS_FILE, type BundleFiles } from '../../draw-core/bundle-check.ts';
import type { BundleFact } from '../../draw-core/ceremony.ts';
import { fail } from '../../draw-core/errors.ts';
import { sha256Hex } from '../../draw-core/sha256.ts';
import { fsyncDir, writeFileDurably } from './files.ts';
import { ioReason, nativeSha256 } from './package-files.ts';

export interface BundleFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Writes `files` plus SHA256SUMS to `target`. If `target` already holds exactly this bundle
 * (a crash came after the rename, before it was journaled), it is taken as written.
 */
export function writeBundle(target: string, files: readonly BundleFile[]): BundleFact {
  const sums = new TextEncoder().encode(sha256sums(files, nativeSha256));
  const fact: BundleFact = { name: basename(target), sha256sums: sha256Hex(sums, nativeSha256), files: files.length + 1 };
  if (existsSync(target)) {
    const existing = readFolder(target);
    const existingSums = existing.read(SUMS_FILE);
    if (existingSums && Buffer.from(existingSums).equals(sums) && checkBundle(existing, nativeSha256).ok) return fact;
    fail({ file: target }, 'no-overwrite', '目标已存在，不会覆盖', 'the target exists already; nothing is overwritten');
  }
  const temp = join(dirname(target), `.${basename(target)}.partial`);
  try {
    rmSync(temp, { recursive: true, force: true }); // a partial folder left by a crash is ours
    for (const f of [...files, { name: SUMS_FILE, bytes: sums }]) {
      const path = join(temp, ...f.name.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileDurably(path, f.bytes, 'wx');
    }
    for (const dir of new Set(files.map((f) => dirname(join(temp, ...f.name.split('/')))))) fsyncDir(dir);
    fsyncDir(temp);
    renameSync(temp, target);
    fsyncDir(dirname(target));
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    if (e instanceof Error && e.name === 'DrawInputError') throw e;
    fail({ file: target }, 'bundle-write', `证据包写入失败：${ioReason(e)}`, `cannot write the evidence bundle: ${ioReason(e)}`);
  }
  return fact;
}

/** A bundle folder's files, by '/'-separated path. */
export function readFolder(dir: string): BundleFiles {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(dir.length + 1).split(sep).join('/'))
      .sort();
  } catch (e) {
    fail({ file: dir }, 'bundle-missing', `无法读取证据包：${ioReason(e)}`, `cannot read the bundle: ${ioReason(e)}`);
  }
  return {
    names,
    read: (name) => {
      const path = join(dir, ...name.split('/'));
      return names.includes(name) && statSync(path).isFile() ? readFileSync(path) : undefined;
    },
  };
}
