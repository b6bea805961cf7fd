// Which software runs: name, version and one code digest, the SHA-256 of `sha256sum`-style
// lines ("<hex>  <path>\n", paths relative to the project, sorted) over the application's code.
// Anyone with the same files reproduces it: `sha256sum FILES | sha256sum`.
// - The kiosk as built runs dist/: the digest is computed at build time over the shipped files
//   (dist/electron, dist/renderer, package.json, and the spec and verifiers every bundle
//   carries) into dist/code-digest.json, and again at run time over the same files, to compare.
// - The `draw` command runs from the sources: the digest covers them (with the verifiers' sources
//   and the spec), and the lock file.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SoftwareFact } from '../../draw-core/ceremony.ts';
import { VERIFIER_SOURCES } from './verifier-files.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const BUILD_DIGEST_FILE = join('dist', 'code-digest.json');
const SOURCE_FOLDERS = ['draw-core', 'electron', 'hardware', 'renderer', 'verify'];
const SHIPPED_FOLDERS = [join('dist', 'electron'), join('dist', 'renderer')];

function filesUnder(base: string, folders: readonly string[], keep: (name: string) => boolean): string[] {
  const files: string[] = [];
  for (const folder of folders) {
    if (!existsSync(join(base, folder))) continue;
    for (const entry of readdirSync(join(base, folder), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && keep(entry.name)) files.push(relative(base, join(entry.parentPath, entry.name)).split('\\').join('/'));
    }
  }
  return files;
}

/** The digest over `files` (relative to `base`), and how many there were. */
export function codeDigest(base: string, files: readonly string[]): string {
  const lines = [...files].sort().map((f) => `${createHash('sha256').update(readFileSync(join(base, f))).digest('hex')}  ${f}\n`).join('');
  return createHash('sha256').update(lines).digest('hex');
}

export function shippedFiles(base = root): string[] {
  return ['package.json', ...filesUnder(base, SHIPPED_FOLDERS, () => true), ...VERIFIER_SOURCES.filter((f) => existsSync(join(base, f)))];
}

function sourceFiles(base = root): string[] {
  const specs = VERIFIER_SOURCES.filter((f) => f.startsWith('docs/'));
  return ['package.json', 'package-lock.json', ...specs, ...filesUnder(base, SOURCE_FOLDERS, (n) => /\.(ts|tsx|js|css|html|py)$/.test(n) && !/\.test\.tsx?$/.test(n))];
}

/** True when this code runs from the built bundle (the kiosk), not from the sources. */
const builtRun = /[\\/]dist[\\/]electron[\\/]/.test(fileURLToPath(import.meta.url));

let cached: SoftwareFact | undefined;

export function software(): SoftwareFact {
  if (!cached) {
    const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
    let digest: string;
    if (builtRun) {
      const now = codeDigest(root, shippedFiles());
      const built = existsSync(join(root, BUILD_DIGEST_FILE)) ? (JSON.parse(readFileSync(join(root, BUILD_DIGEST_FILE), 'utf8')) as { codeDigest: string }).codeDigest : undefined;
      // A difference means the files that run are not the files that were built: say so in every record.
      digest = built === now ? now : `MISMATCH built ${built ?? 'unknown'} running ${now}`;
    } else {
      digest = codeDigest(root, sourceFiles());
    }
    cached = { name, version, codeDigest: digest };
  }
  return cached;
}
