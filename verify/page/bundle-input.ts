// The bundle a member of the public picked, as the files checkBundle reads: the files of a
// picked folder, or a .zip of the bundle read with draw-core's bounded zip reader. What is
// read is bounded as the kiosk bounds a bundle folder (so many files, so many bytes each and
// in all), and each file is read once and kept: the check reads some files twice, and the
// native digests taken first are matched to the very bytes the check later hashes.
import type { BundleFiles } from '../../draw-core/bundle-check.ts';
import { zipBundleFiles } from '../../draw-core/bundle-zip.ts';
import { fail } from '../../draw-core/errors.ts';
import { PACKAGE_LIMITS } from '../../draw-core/package.ts';
import type { Picked, PickedFile } from './messages.ts';

export const BUNDLE_LIMITS = {
  /** A bundle holds a few dozen files (64 pools at most, four files each): as the kiosk's bundle reader. */
  files: 1024,
  /** One file: as large as a pool file may be. */
  fileBytes: PACKAGE_LIMITS.poolFileBytes,
  /** The whole bundle: the package's own limit, which its pool files dominate. */
  totalBytes: PACKAGE_LIMITS.packageBytes,
} as const;

/** The bundle's files by their '/'-separated path inside it, all read. */
export interface LoadedBundle extends BundleFiles {
  readonly bytes: ReadonlyMap<string, Uint8Array>;
}

/** Called as each file has been read. */
export type ReadProgress = (done: number, total: number) => void;

export async function loadBundle(picked: Picked, progress: ReadProgress): Promise<LoadedBundle> {
  return picked.kind === 'folder' ? loadFolder(picked.files, progress) : loadZip(picked.name, picked.file, progress);
}

/** The browser names each file from the picked folder down: the bundle is that folder. */
async function loadFolder(picked: readonly PickedFile[], progress: ReadProgress): Promise<LoadedBundle> {
  const label = picked[0]?.path.split('/')[0] ?? '';
  if (picked.length > BUNDLE_LIMITS.files) {
    fail({ file: label }, 'bundle-files', `含 ${picked.length} 个文件，超过证据包的上限 ${BUNDLE_LIMITS.files} 个：这不是本软件写出的证据包`,
      `it holds ${picked.length} files, over a bundle's limit of ${BUNDLE_LIMITS.files}: this software never writes such a bundle`);
  }
  const total = picked.reduce((n, f) => n + f.file.size, 0);
  for (const f of picked) if (f.file.size > BUNDLE_LIMITS.fileBytes) tooLarge(f.path, f.file.size);
  if (total > BUNDLE_LIMITS.totalBytes) tooLarge(label, total);
  const bytes = new Map<string, Uint8Array>();
  for (const f of picked) {
    bytes.set(f.path.split('/').slice(1).join('/'), new Uint8Array(await f.file.arrayBuffer()));
    progress(bytes.size, picked.length);
  }
  return loaded(bytes);
}

/** The zip is held in memory (it is bounded like the whole bundle) and each file inflated once. */
async function loadZip(name: string, file: Blob, progress: ReadProgress): Promise<LoadedBundle> {
  if (file.size > BUNDLE_LIMITS.totalBytes) tooLarge(name, file.size);
  const zip = new Uint8Array(await file.arrayBuffer());
  const files = zipBundleFiles({ size: zip.length, open: (use) => use((offset, length) => zip.subarray(offset, offset + length)) }, name);
  const bytes = new Map<string, Uint8Array>();
  let total = 0;
  for (const n of files.names) {
    const data = files.read(n)!;
    total += data.length;
    if (total > BUNDLE_LIMITS.totalBytes) tooLarge(name, total);
    bytes.set(n, data);
    progress(bytes.size, files.names.length);
  }
  return loaded(bytes);
}

function loaded(bytes: Map<string, Uint8Array>): LoadedBundle {
  return { bytes, names: [...bytes.keys()].sort(), read: (name) => bytes.get(name) };
}

function tooLarge(file: string, size: number): never {
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
  fail({ file }, 'bundle-size', `大小为 ${mib(size)}，超过证据包的上限（单个文件 ${mib(BUNDLE_LIMITS.fileBytes)}，合计 ${mib(BUNDLE_LIMITS.totalBytes)}）：请确认选的是证据包`,
    `it is ${mib(size)}, over a bundle's limits (${mib(BUNDLE_LIMITS.fileBytes)} a file, ${mib(BUNDLE_LIMITS.totalBytes)} in all): check that this is the bundle`);
}
