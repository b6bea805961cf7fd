// Importing a package into a ceremony folder, off the event loop, so the stage keeps moving
// during a 3.5-million-entry import. A worker thread reads and verifies the package; the
// service checks the fact against the ceremony; then the worker copies the verified bytes
// into packages/<seal digest>/ and verifies the copy. The copy's package comes back with its
// buffers transferred, not copied; a failure comes back as the same typed failure.
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DrawInputError } from '../../draw-core/errors.ts';
import { MANIFEST_FILE } from '../../draw-core/manifest.ts';
import { readPackage, type SealedPackage } from '../../draw-core/package.ts';
import type { Failure } from '../contract/failures.ts';
import { FailureError, failWith } from '../node/failure.ts';
import { fsyncDir, writeFileDurably } from '../node/files.ts';
import { nativeSha256, packageSource } from '../node/package-files.ts';

export const PACKAGES_DIR = 'packages';

/** What the worker is given: where the package is, and the ceremony folder to copy it into. */
export interface ImportJob {
  readonly path: string;
  readonly ceremonyDir: string;
}

/** Worker → service. */
export type ImportReport =
  | { readonly type: 'verified'; readonly package: Pick<SealedPackage, 'sealDigest' | 'manifest'> }
  | { readonly type: 'copied'; readonly package: SealedPackage }
  | { readonly type: 'failed'; readonly failure: Failure };

// The source runs as TypeScript on Node's type stripping; the Electron build bundles the worker
// beside main.js as JavaScript (vite.electron.config.ts, mode "worker").
const WORKER_FILE = import.meta.url.endsWith('.ts') ? 'package-import-worker.ts' : 'package-import-worker.js';

/**
 * Reads and verifies the package at `path` in a worker; `check` sees it before anything is
 * copied (throwing refuses the import); resolves to the verified copy in the ceremony folder.
 */
export function importInWorker(job: ImportJob, check: (verified: Pick<SealedPackage, 'sealDigest' | 'manifest'>) => void): Promise<SealedPackage> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(WORKER_FILE, import.meta.url), { workerData: job });
    let settled = false;
    const settle = (result: { package: SealedPackage } | { error: unknown }) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if ('error' in result) reject(result.error);
      else resolve(result.package);
    };
    worker.on('message', (report: ImportReport) => {
      if (report.type === 'failed') return settle({ error: new FailureError(report.failure) });
      if (report.type === 'copied') return settle({ package: report.package });
      try {
        check(report.package);
      } catch (e) {
        return settle({ error: e });
      }
      worker.postMessage('copy');
    });
    worker.on('error', (e) => settle({ error: e }));
    worker.on('exit', (code) => settle({ error: new Error(`the package import worker exited (${code}) before it finished`) }));
  });
}

/** The buffers of a package, each once, to transfer rather than copy. */
export function packageBuffers(pkg: SealedPackage): ArrayBuffer[] {
  const views = [pkg.manifestBytes, ...pkg.pools.flatMap((p) => [p.entries.bytes, p.entries.weights, p.entries.codeStarts, p.entries.codeLengths])];
  return [...new Set(views.map((v) => v.buffer as ArrayBuffer))];
}

export function verifyPackage(path: string): SealedPackage {
  return readPackage(packageSource(path), nativeSha256);
}

/**
 * The package is kept, read-only, in packages/<seal digest>/: the verified bytes written
 * whole, then renamed into place.
 */
export function copyPackage(pkg: SealedPackage, ceremonyDir: string): void {
  const dir = join(ceremonyDir, PACKAGES_DIR, pkg.sealDigest);
  if (existsSync(dir)) return;
  const temp = `${dir}.partial`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  const files = new Map<string, Uint8Array>([[MANIFEST_FILE, pkg.manifestBytes], ...pkg.pools.map((p) => [p.spec.file, p.entries.bytes] as const)]);
  for (const [name, bytes] of files) { // two pools may share one file: written once
    const path = join(temp, name);
    writeFileDurably(path, bytes, 'wx');
    chmodSync(path, 0o444);
  }
  fsyncDir(temp);
  renameSync(temp, dir);
  chmodSync(dir, 0o555);
  fsyncDir(join(ceremonyDir, PACKAGES_DIR));
}

/** The ceremony's copy of the package, verified again; it must still have the journaled seal digest. */
export function loadPackageCopy(ceremonyDir: string, sealDigest: string): SealedPackage {
  const dir = join(ceremonyDir, PACKAGES_DIR, sealDigest);
  let pkg: SealedPackage;
  try {
    pkg = verifyPackage(dir);
  } catch (e) {
    // The copy was verified when it was made: any rule it breaks now means it was changed since.
    if (!(e instanceof DrawInputError)) throw e;
    failWith({ kind: 'package-copy-changed', file: e.file, rule: e.rule, words: { zh: e.zh, en: e.en } });
  }
  if (pkg.sealDigest !== sealDigest) {
    failWith({ kind: 'package-copy-changed', file: join(dir, MANIFEST_FILE), rule: 'seal-digest', words: { zh: `封存摘要变为 ${pkg.sealDigest}`, en: `its seal digest is now ${pkg.sealDigest}` } });
  }
  return pkg;
}
