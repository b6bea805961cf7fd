// A sealed package on disk: a folder, or a .zip with the same files at its root.
import { hash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../../draw-core/errors.ts';
import { checkFileName, MANIFEST_FILE } from '../../draw-core/manifest.ts';
import { readPackage, type PackageSource, type SealedPackage } from '../../draw-core/package.ts';
import { zipPackageSource } from '../../draw-core/package-zip.ts';
import type { Sha256 } from '../../draw-core/sha256.ts';

/** OpenSSL's SHA-256: the same function as draw-core's, several times faster on pool files. */
export const nativeSha256: Sha256 = (data) => hash('sha256', data, 'buffer');

export function packageSource(path: string): PackageSource {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (e) {
    fail({ file: path }, 'package-missing', `找不到包：${ioReason(e)}`, `cannot open the package: ${ioReason(e)}`);
  }
  if (!isDirectory) return zipPackageSource(readFileSync(path), path);
  return {
    describe: (name) => join(path, name),
    read: (name) => {
      // Only plain names are ever joined to the folder: never a read outside the package.
      if (name !== MANIFEST_FILE && checkFileName(name)) return undefined;
      try {
        return readFileSync(join(path, name));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        fail({ file: join(path, name) }, 'io', `无法读取：${ioReason(e)}`, `cannot read: ${ioReason(e)}`);
      }
    },
  };
}

export function openPackage(path: string): SealedPackage {
  return readPackage(packageSource(path), nativeSha256);
}

export function ioReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code} ${err.syscall ?? ''}`.trim() : String(e);
}
