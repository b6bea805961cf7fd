// Writing the evidence bundle to a stick: real small filesystems (tmpfs mounts, and an ext4
// image on a loop device where the page cache is the subject) stand in for USB sticks. Read
// back from the medium and verified when sealed; a full, read-only or pulled stick is a clear
// message, nothing is journaled as sealed, nothing half-written looks like a bundle, and a
// retry succeeds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFromMedium, writeBundle } from '../electron/node/bundle-writer.ts';
import { unwrap } from '../electron/node/failure.ts';
import { CeremonyService } from '../electron/service/ceremony-service.ts';
import { draw } from './support/cli.ts';
import { failureOf } from './support/outcomes.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';
import { freeBytes, loopStick, noDirectIoFolder, stick, unmountSticks, usedBytes } from './support/sticks.ts';

afterEach(unmountSticks);

async function computed(): Promise<CeremonyService> {
  const s = unwrap(CeremonyService.create(join(tempDir(), 'state'), { period: 'test-1', kind: 'quota-allocation', rehearsal: true }));
  unwrap(await s.importPackage(writePackage([{ id: 'P', entries: simpleEntries(2000), quota: 50, alternates: 10 }], { balls: 3 })));
  unwrap(s.confirmSealDigest('rehearsal-auto'));
  for (const d of '123') unwrap(s.enterManualBall(d, d, 'rehearsal-auto'));
  unwrap(s.confirmSeed('rehearsal-auto'));
  unwrap(s.computeResults());
  return s;
}

describe('the bundle on a stick', () => {
  it('is written, read back and verified; sha256sum -c and draw verify pass on the stick', async () => {
    const s = await computed();
    const usb = stick('8m');
    const target = join(usb, 'bundle-2026-11');
    unwrap(await s.writeBundle(target));
    expect(s.state.bundles).toHaveLength(1);
    expect(spawnSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: target }).status).toBe(0);
    expect(draw('verify', target).stdout).toMatch(/(^|\n)verified\n$/);
    s.dispose();
  });

  it('a stick too small: refused before writing, with the sizes; nothing sealed; a bigger stick works', async () => {
    const s = await computed();
    const small = stick('64k');
    const free = freeBytes(small);
    const full = failureOf(await s.writeBundle(join(small, 'bundle')));
    expect(full).toMatchObject({ kind: 'disk-full', freeBytes: free });
    expect(readdirSync(small)).toEqual([]);
    expect(s.state.bundles).toHaveLength(0);
    // The space asked for is more than the small stick has, and no less than what the bundle takes on a stick that holds it.
    const big = stick('8m');
    unwrap(await s.writeBundle(join(big, 'bundle')));
    const needed = full.kind === 'disk-full' ? full.neededBytes : 0;
    expect(needed).toBeGreaterThan(free);
    expect(needed).toBeGreaterThanOrEqual(usedBytes(big));
    expect(s.state.bundles).toHaveLength(1);
    s.dispose();
  });

  it('a read-only stick: a clear message; nothing sealed; writing again elsewhere works', async () => {
    const s = await computed();
    const ro = stick('8m', true);
    expect(failureOf(await s.writeBundle(join(ro, 'bundle')))).toMatchObject({ kind: 'write-failed', problem: 'read-only' });
    expect(s.state.bundles).toHaveLength(0);
    unwrap(await s.writeBundle(join(stick('8m'), 'bundle')));
    expect(s.state.bundles).toHaveLength(1);
    s.dispose();
  });

  it('the stick pulled mid-write (the folder deleted under the writer): a clear message, then a retry succeeds', async () => {
    const s = await computed();
    const usb = stick('8m');
    const target = join(usb, 'bundle');
    const files = unwrap(await s.bundleFiles());
    await expect(writeBundle(target, files, { afterFile: (n, temp) => n === 2 && rmSync(temp, { recursive: true, force: true }) }))
      .rejects.toThrow(expect.objectContaining({ failure: expect.objectContaining({ kind: 'write-failed', problem: 'gone' }) }));
    expect(readdirSync(usb)).toEqual([]);
    unwrap(await s.writeBundle(target));
    expect(s.state.bundles).toHaveLength(1);
    expect(draw('verify', target).stdout).toMatch(/(^|\n)verified\n$/);
    s.dispose();
  });

  it('a file that does not read back as written: the folder is marked UNVERIFIED, never taken as sealed', async () => {
    const s = await computed();
    const usb = stick('8m');
    const files = unwrap(await s.bundleFiles());
    await expect(writeBundle(join(usb, 'bundle'), files, {
      afterFile: (n, temp) => n === files.length + 1 && writeFileSync(join(temp, ...files[0]!.name.split('/')), 'not what was written'),
    })).rejects.toThrow(expect.objectContaining({ failure: expect.objectContaining({ kind: 'readback-failed', mismatch: { file: files[0]!.name } }) }));
    const left = readdirSync(usb);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^bundle\.UNVERIFIED-\d+$/);
    expect(s.state.bundles).toHaveLength(0);
    mkdirSync(join(usb, 'again'));
    unwrap(await s.writeBundle(join(usb, 'again', 'bundle')));
    expect(s.state.bundles).toHaveLength(1);
    s.dispose();
  });
});

/**
 * Changes one byte of `bytes` where they lie in the stick's image, under the mounted file
 * system: its page cache still holds them as written, the medium no longer does.
 */
function changeOnMedium(image: string, bytes: Uint8Array): void {
  const disk = readFileSync(image);
  const head = bytes.subarray(0, 512);
  const at = disk.indexOf(head);
  expect(at).toBeGreaterThanOrEqual(0);
  expect(disk.lastIndexOf(head)).toBe(at); // the file's own blocks, nowhere else
  const fd = openSync(image, 'r+');
  try {
    writeSync(fd, Buffer.from([disk[at + 100]! ^ 1]), 0, 1, at + 100);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

describe('reading the bundle back from the stick', () => {
  it('reads what is on the medium, not the page cache: a byte changed on the stick under the cache fails the read-back', async () => {
    const s = await computed();
    const { dir, image } = loopStick(32);
    const files = unwrap(await s.bundleFiles());
    const pool = files.find((f) => f.name === 'package/P.csv')!;
    // After the last file (SHA256SUMS) is written and synced, before anything is read back.
    const attempt = async () => writeBundle(join(dir, 'bundle'), files, { afterFile: (n) => n === files.length + 1 && changeOnMedium(image, pool.bytes) });
    await expect(attempt()).rejects.toThrow(expect.objectContaining({ failure: expect.objectContaining({ kind: 'readback-failed', mismatch: { file: pool.name } }) }));
    const [marked] = readdirSync(dir).filter((n) => n.startsWith('bundle.UNVERIFIED-'));
    // The page cache still holds the file as written: a read through it would have passed.
    expect(readFileSync(join(dir, marked!, 'package', 'P.csv')).equals(pool.bytes)).toBe(true);
    expect(s.state.bundles).toHaveLength(0);
    s.dispose();
  });

  it('says in the operational log how each file was read back: directly from a stick with a block device', async () => {
    const s = await computed();
    const { dir } = loopStick(32);
    unwrap(await s.writeBundle(join(dir, 'bundle')));
    const names = readFileSync(join(dir, 'bundle', 'SHA256SUMS'), 'utf8').trimEnd().split('\n').map((l) => l.slice(66));
    const logged = s.operations.entries.filter((e) => e.type === 'bundle-read-back');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.data).toEqual({ bundle: 'bundle', files: names.length + 1, direct: ['SHA256SUMS', ...names].sort().join(' '), cached: '' });
    s.dispose();
  });

  it('a file system that refuses to bypass its cache (ramfs: O_DIRECT is EINVAL): the file is read through the cache, and that is said', async () => {
    const dir = noDirectIoFolder();
    const bytes = new Uint8Array(3 * 2 ** 20 + 123).map((_, i) => (i * 7) % 251);
    writeFileSync(join(dir, 'f'), bytes);
    const read = await readFromMedium(join(dir, 'f'), () => {});
    expect(read).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, way: 'cached', reason: 'EINVAL open' });
  });

  it('a file bigger than the read window and not a whole number of blocks reads back whole, directly', async () => {
    const { dir } = loopStick(32);
    const bytes = new Uint8Array(5 * 2 ** 20 + 4097).map((_, i) => (i * 13) % 253);
    writeFileSync(join(dir, 'f'), bytes);
    const chunks: number[] = [];
    const read = await readFromMedium(join(dir, 'f'), (n) => chunks.push(n));
    expect(read).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, way: 'direct' });
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(bytes.length);
    expect(chunks.length).toBeGreaterThan(1);
  });
});
