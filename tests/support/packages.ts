// Builds packages on disk for tests, independently of draw-core: files are written
// with plain string code and digested with node:crypto.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPool {
  id: string;
  name?: string;
  /** [code, weight] in the order the file lists them. */
  entries: [string, number][];
  quota: number;
  alternates?: number;
}

export interface CsvStyle {
  crlf?: boolean;
  bom?: boolean;
  finalNewline?: boolean;
}

export function sha256hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function tempDir(prefix = 'draw-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function poolCsv(entries: [string, number][], style: CsvStyle = {}): string {
  const nl = style.crlf ? '\r\n' : '\n';
  const lines = ['code,weight', ...entries.map(([c, w]) => `${c},${w}`)];
  return (style.bom ? '\ufeff' : '') + lines.join(nl) + (style.finalNewline === false ? '' : nl);
}

/** The manifest object for pools whose files are given; key order as spec §6. */
export function manifestFor(pools: TestPool[], files: Record<string, string>, balls = 6, period = 'test-1') {
  return {
    format: 'draw-package/1',
    period,
    title: '测试 Test',
    seed: { balls },
    pools: pools.map((p) => ({
      id: p.id,
      name: p.name ?? p.id,
      file: `${p.id}.csv`,
      sha256: sha256hex(files[`${p.id}.csv`]!),
      entries: p.entries.length,
      totalWeight: p.entries.reduce((s, [, w]) => s + w, 0),
      quota: p.quota,
      alternates: p.alternates ?? 0,
    })),
  };
}

/**
 * Writes a package folder. `files` may change the pool files' text before they are
 * digested; `manifest` may change the manifest object after; `rawManifest` replaces it.
 */
export function writePackage(pools: TestPool[], opts: {
  dir?: string;
  balls?: number;
  style?: CsvStyle;
  files?: (files: Record<string, string>) => void;
  manifest?: (manifest: Record<string, unknown> & { pools: Record<string, unknown>[] }) => void;
  rawManifest?: string | Uint8Array;
} = {}): string {
  const dir = opts.dir ?? join(tempDir(), 'pkg');
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  for (const p of pools) files[`${p.id}.csv`] = poolCsv(p.entries, opts.style);
  opts.files?.(files);
  const manifest = manifestFor(pools, files, opts.balls);
  opts.manifest?.(manifest as Parameters<NonNullable<typeof opts.manifest>>[0]);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'manifest.json'), opts.rawManifest ?? JSON.stringify(manifest));
  return dir;
}

/** Codes A00..A(n-1), weight 1. */
export function simpleEntries(n: number, prefix = 'A'): [string, number][] {
  const width = String(n - 1).length;
  return Array.from({ length: n }, (_, i) => [`${prefix}${String(i).padStart(Math.max(2, width), '0')}`, 1]);
}
