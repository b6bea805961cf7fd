// USB sticks for tests: real small file systems (tmpfs mounts) stand in for them; a loop-mounted
// ext4 image where the test is about the block device under the page cache (a tmpfs has none).
// Each test file that makes one unmounts them after each test with \`afterEach(unmountSticks)\`.
import { spawnSync } from 'node:child_process';
import { rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './packages.ts';

const mounts: string[] = [];
const images: string[] = [];

/** A fresh "stick": a tmpfs of \`size\` (mount's notation, e.g. 64k, 8m), optionally read-only. */
export function stick(size: string, readOnly = false): string {
  const dir = tempDir('stick-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot mount a tmpfs for the test: ${r.stderr}`);
  mounts.push(dir);
  return dir;
}

/**
 * A "stick" with a block device: an ext4 file system in an image file of \`sizeMiB\`, loop-mounted
 * (root, as the tmpfs sticks). Reads that bypass the page cache (O_DIRECT) go through the loop
 * device to the image, so a byte changed in the image is what such a read sees.
 */
export function loopStick(sizeMiB: number): { dir: string; image: string } {
  const image = join(tempDir('stick-image-'), 'stick.img');
  images.push(image);
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cannot make a loop-mounted stick for the test: ${cmd}: ${r.stderr}`);
  };
  run('truncate', ['-s', `${sizeMiB}M`, image]);
  run('mkfs.ext4', ['-q', '-F', image]);
  const dir = tempDir('stick-');
  run('mount', ['-o', 'loop', image, dir]);
  mounts.push(dir);
  return { dir, image };
}

export function unmountSticks(): void {
  // Lazily only if it is still busy: a loop device is released once its file system is unmounted.
  for (const m of mounts.splice(0)) if (spawnSync('umount', [m]).status !== 0) spawnSync('umount', ['-l', m]);
  for (const i of images.splice(0)) rmSync(i, { force: true });
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

/**
 * A folder on a ramfs: a file system that refuses O_DIRECT (EINVAL on open), unlike a tmpfs
 * since Linux 6.6. No size and no free space to speak of: not a stick, only a place to read from.
 */
export function noDirectIoFolder(): string {
  const dir = tempDir('ramfs-');
  const r = spawnSync('mount', ['-t', 'ramfs', 'ramfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot mount a ramfs for the test: ${r.stderr}`);
  mounts.push(dir);
  return dir;
}
