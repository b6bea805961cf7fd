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
  /** The file's bytes, or undefined when the package holds no such file. */
  read(name: string): Uint8Array | undefined;
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
