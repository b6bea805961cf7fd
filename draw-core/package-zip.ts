// A package as a .zip holding the package's files at its root (spec draw-v1 §1).
import { unzipSync } from 'fflate';
import { fail } from './errors.ts';
import type { PackageSource } from './package.ts';

/** Reads the root files of a zip; `label` names the zip in errors (e.g. "pkg.zip"). */
export function zipPackageSource(zipBytes: Uint8Array, label: string): PackageSource {
  const seen = new Set<string>();
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zipBytes, {
      filter: (entry) => {
        if (entry.name.includes('/') || entry.name.includes('\\')) return false;
        // Two entries of one name would let two readers see two different packages.
        if (seen.has(entry.name)) {
          fail({ file: `${label}/${entry.name}` }, 'zip-duplicate', 'zip 中有同名的两个文件', 'the zip holds two files of this name');
        }
        seen.add(entry.name);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof Error && e.name === 'DrawInputError') throw e;
    fail({ file: label }, 'zip-format', `无法读取 zip：${String(e)}`, `cannot read the zip: ${String(e)}`);
  }
  return {
    describe: (name) => `${label}/${name}`,
    read: (name) => (Object.hasOwn(files, name) ? files[name] : undefined),
  };
}
