// Writing the evidence bundle to a stick: real small filesystems (tmpfs mounts) stand in for
// USB sticks. Read back and verified when sealed; a full, read-only or pulled stick is a clear
// message, nothing is journaled as sealed, nothing half-written looks like a bundle, and a
// retry succeeds.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeBundle } from '../electron/node/bundle-writer.ts';
import { unwrap } from '../electron/node/failure.ts';
import { CeremonyService } from '../electron/service/ceremony-service.ts';
import { draw } from './support/cli.ts';
import { failureOf } from './support/outcomes.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';
import { freeBytes, stick, unmountSticks, usedBytes } from './support/sticks.ts';

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
    expect(() => writeBundle(target, files, { afterFile: (n, temp) => n === 2 && rmSync(temp, { recursive: true, force: true }) }))
      .toThrow(expect.objectContaining({ failure: expect.objectContaining({ kind: 'write-failed', problem: 'gone' }) }));
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
    expect(() => writeBundle(join(usb, 'bundle'), files, {
      afterFile: (n, temp) => n === files.length + 1 && writeFileSync(join(temp, ...files[0]!.name.split('/')), 'not what was written'),
    })).toThrow(expect.objectContaining({ failure: expect.objectContaining({ kind: 'readback-failed', mismatch: { file: files[0]!.name } }) }));
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
