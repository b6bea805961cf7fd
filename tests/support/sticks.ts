// USB sticks for tests: real small file systems (tmpfs mounts) stand in for them. Each test
// file that makes one unmounts them after each test with \`afterEach(unmountSticks)\`.
import { spawnSync } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { tempDir } from './packages.ts';

const mounts: string[] = [];

/** A fresh "stick": a tmpfs of \`size\` (mount's notation, e.g. 64k, 8m), optionally read-only. */
export function stick(size: string, readOnly = false): string {
  const dir = tempDir('stick-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot mount a tmpfs for the test: ${r.stderr}`);
  mounts.push(dir);
  return dir;
}

export function unmountSticks(): void {
  for (const m of mounts.splice(0)) spawnSync('umount', ['-l', m]);
}

/** The bytes free on a stick, as its file system reports them to anyone (not only root). */
export function freeBytes(dir: string): number {
  const { bavail, bsize } = statfsSync(dir);
  return bavail * bsize;
}

/** The bytes a stick's file system has given out. */
export function usedBytes(dir: string): number {
  const { blocks, bfree, bsize } = statfsSync(dir);
  return (blocks - bfree) * bsize;
}
