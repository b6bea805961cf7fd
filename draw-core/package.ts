// Reading a sealed package (spec draw-v1 §1): manifest, every pool file's digest,
// syntax, order, count and weight sum. Nothing is drawn from a package that failed.
import { fail } from './errors.ts';
import { MANIFEST_FILE, parseManifest, type Manifest, type PoolSpec } from './manifest.ts';
import { parsePoolFile, type PoolEntries } from './pool-file.ts';
import { sha256, sha256Hex, type Sha256 } from './sha256.ts';

/** The files of a package, wherever they are kept (a folder, a .zip, an upload). */
export interface PackageSource {
  /** How errors name a file of the package, e.g. "pkg/P.csv". */
  describe(name: string): string;
  /**
   * The file's bytes, or undefined when the package holds no such file. A source refuses a
   * file over its limit (`fileLimit`) before reading it.
   */
  read(name: string): Uint8Array | undefined;
  /** The file's size before it is read, where the source can tell (a folder, a zip): the package's total is checked first. */
  size?(name: string): number | undefined;
}

/**
 * Input limits: generous for the largest real draw (3.5 million applicants, codes of up to 18
 * characters, about 100 MB of pool files), finite against a hostile package. README, "Package limits".
 */
export const PACKAGE_LIMITS = {
  /** manifest.json: 64 pools take a few KiB. */
  manifestBytes: 2 ** 20,
  /** One pool file: some 40 million lines of an 18-character code and a weight. */
  poolFileBytes: 2 ** 30,
  /** The manifest and every file it names, together. */
  packageBytes: 2 ** 31,
} as const;

export function fileLimit(name: string): number {
  return name === MANIFEST_FILE ? PACKAGE_LIMITS.manifestBytes : PACKAGE_LIMITS.poolFileBytes;
}

/** Refuses a file of `size` bytes over `limit` before it is read; `file` names it. */
export function checkFileSize(file: string, size: number, limit: number): void {
  if (size <= limit) return;
  fail({ file }, 'file-size', `文件为 ${mib(size)}，超过单个文件的上限 ${mib(limit)}（见 README「Package limits」）；请确认是否为正确的文件`,
    `the file is ${mib(size)}, over the limit of ${mib(limit)} for one file (README, "Package limits"); check that this is the right file`);
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** The manifest and the files it names may not exceed the package limit together: checked before any pool file is read. */
function checkPackageSize(source: PackageSource, manifestBytes: Uint8Array, manifest: Manifest): void {
  if (!source.size) return;
  let total = manifestBytes.length;
  for (const name of new Set(manifest.pools.map((p) => p.file))) total += source.size(name) ?? 0;
  const limit = PACKAGE_LIMITS.packageBytes;
  if (total > limit) {
    fail({ file: source.describe(MANIFEST_FILE) }, 'package-size', `清单所列文件合计 ${mib(total)}，超过上限 ${mib(limit)}；真实数据包远小于此，请确认数据包是否正确`,
      `the files the manifest names total ${mib(total)}, over the limit of ${mib(limit)}; a real package is far smaller: check that this is the right package`);
  }
}

export interface Pool {
  readonly spec: PoolSpec;
  readonly entries: PoolEntries;
}

export interface SealedPackage {
  readonly manifestBytes: Uint8Array;
  /** Lowercase hex SHA-256 of manifest.json as stored: the value the notary records. */
  readonly sealDigest: string;
  readonly manifest: Manifest;
  readonly pools: readonly Pool[];
}

/** `hash` may be a native SHA-256 for speed on large pool files. */
export function readPackage(source: PackageSource, hash: Sha256 = sha256): SealedPackage {
  const manifestBytes = source.read(MANIFEST_FILE);
  if (!manifestBytes) {
    fail({ file: source.describe(MANIFEST_FILE) }, 'manifest-missing', '包内没有 manifest.json（须在包的根目录）', 'the package has no manifest.json (it must be at the package root)');
  }
  const manifest = parseManifest(manifestBytes, source.describe(MANIFEST_FILE));
  checkPackageSize(source, manifestBytes, manifest);
  const pools = manifest.pools.map((spec): Pool => {
    const file = source.describe(spec.file);
    const bytes = source.read(spec.file);
    if (!bytes) fail({ file }, 'file-missing', `池 ${spec.id} 的文件不在包内`, `pool ${spec.id}'s file is not in the package`);
    const digest = sha256Hex(bytes, hash);
    if (digest !== spec.sha256) {
      fail({ file }, 'file-sha256', `文件的 SHA-256 为 ${digest}，与清单所载的 ${spec.sha256} 不符`, `file SHA-256 is ${digest}, but the manifest says ${spec.sha256}`);
    }
    return { spec, entries: parsePoolFile(bytes, file, spec) };
  });
  return { manifestBytes, sealDigest: sha256Hex(manifestBytes, hash), manifest, pools };
}
