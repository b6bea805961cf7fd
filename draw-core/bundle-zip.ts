// An evidence bundle as a .zip: the bundle folder zipped, its files at the zip's root or all
// under one top folder (as zipping a folder does). Read with the package reader's bounds: the
// central directory within its limits, and a file inflated only when asked for, never past
// its declared size nor past the limit for one file.
import type { BundleFiles } from './bundle-check.ts';
import { fail } from './errors.ts';
import { PACKAGE_LIMITS } from './package.ts';
import { centralDirectory, inflateEntry, type Entry, type ZipBytes } from './package-zip.ts';

/** `label` names the zip in errors (e.g. "bundle-2026-11.zip"). */
export function zipBundleFiles(zip: ZipBytes, label: string): BundleFiles {
  const entries = zip.open((read) => centralDirectory(read, zip.size, label)).filter((e) => !e.name.endsWith('/'));
  const top = topFolder(entries.map((e) => e.name));
  const byName = new Map<string, Entry>();
  for (const entry of entries) {
    const name = entry.name.slice(top.length);
    // Two entries of one name would let two readers see two different bundles.
    if (byName.has(name)) fail({ file: `${label}/${entry.name}` }, 'zip-duplicate', 'zip 中有同名的两个文件', 'the zip holds two files of this name');
    byName.set(name, entry);
  }
  return {
    names: [...byName.keys()].sort(),
    read: (name) => {
      const entry = byName.get(name);
      return entry && zip.open((read) => inflateEntry(read, zip.size, entry, `${label}/${name}`, PACKAGE_LIMITS.poolFileBytes));
    },
  };
}

/** "top/" when every name lies under that one folder, else "". */
function topFolder(names: readonly string[]): string {
  const first = names[0]?.split('/')[0];
  if (first === undefined || names.some((n) => !n.startsWith(`${first}/`))) return '';
  return `${first}/`;
}
