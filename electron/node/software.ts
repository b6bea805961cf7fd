// Which software runs: name, version and a code digest over the application's own source
// files, reproducible by anyone with the same files as `sha256sum FILES | sha256sum`
// (paths relative to the project, sorted). Journaled when a ceremony is created.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SoftwareFact } from '../../draw-core/ceremony.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CODE_FOLDERS = ['draw-core', 'electron', 'hardware', 'renderer'];

function codeFiles(): string[] {
  const files = ['package.json', 'package-lock.json'];
  for (const folder of CODE_FOLDERS) {
    for (const entry of readdirSync(join(root, folder), { recursive: true, withFileTypes: true })) {
      const path = relative(root, join(entry.parentPath, entry.name));
      if (entry.isFile() && /\.(ts|tsx|js|css|html)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(path);
    }
  }
  return files.sort();
}

let cached: SoftwareFact | undefined;

export function software(): SoftwareFact {
  if (!cached) {
    const lines = codeFiles().map((f) => `${createHash('sha256').update(readFileSync(join(root, f))).digest('hex')}  ${f}\n`).join('');
    const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
    cached = { name, version, codeDigest: createHash('sha256').update(lines).digest('hex') };
  }
  return cached;
}
