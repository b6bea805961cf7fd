// The kiosk's service with a device faked where the device is not the subject (the devices are
// injected: electron/service/devices.ts): a clock that the test moves drives the notary's PIN
// delay and the refusal throttle without waiting; a drive lister says which sticks are there.
// Everything else is real: SQLite journals, the operational log, the bundle written to a real
// small file system standing in for the stick.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeFailure } from '../electron/contract/failures.ts';
import { unwrap } from '../electron/node/failure.ts';
import { lastRevealPage } from './support/reveal-end.ts';
import { realDevices, type DriveLister, type KioskDevices } from '../electron/service/devices.ts';
import { KioskService } from '../electron/service/kiosk-service.ts';
import { screenRoots } from '../electron/web/asset-path.ts';
import { startKioskServer } from '../electron/web/server.ts';
import { ObsDirector, type ObsSettings } from '../hardware/obs/director.ts';
import { SCREENS } from './support/scenario.ts';
import { rewriteJournal } from './support/forge.ts';
import { failureOf } from './support/outcomes.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';
import { freeBytes, stick, unmountSticks, usedBytes } from './support/sticks.ts';
import { NAMES } from './support/ceremony-names.ts';

afterEach(unmountSticks);

const PIN = '135790';
const WRONG = '000000';

/** A clock the test moves by hand. */
function handClock(start = '2026-11-23T10:00:00.000Z') {
  let now = Date.parse(start);
  return { clock: () => new Date(now).toISOString(), advance: (ms: number) => (now += ms) };
}

const listing = (...mountPoints: string[]): DriveLister => async () => mountPoints.map((mountPoint) => ({ label: 'NOTARY', mountPoint, sizeBytes: 8e9, freeBytes: 4e9 }));

function service(devices: Partial<KioskDevices> = {}) {
  return new KioskService({ ...realDevices(tempDir('kiosk-devices-')), ...devices });
}

const operations = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; time: string; data: Record<string, unknown> });

/** A real draw up to its computed results: created with the notary's PIN, three balls entered by hand. */
async function realDrawComputed(host: KioskService): Promise<void> {
  const pkg = writePackage([{ id: 'P', entries: simpleEntries(2000), quota: 50, alternates: 10 }], { balls: 3 });
  unwrap(await host.call('createCeremony', { period: 'test-1', kind: 'quota-allocation', rehearsal: false, ...NAMES, notaryPin: PIN }));
  unwrap(await host.call('importPackage', { path: pkg }));
  unwrap(await host.call('confirmSealDigest', { pin: PIN }));
  for (const d of '407') unwrap(await host.call('enterManualBall', { hostDigit: d, notaryDigit: d, pin: PIN }));
  unwrap(await host.call('confirmSeed', { pin: PIN }));
  unwrap(await host.call('computeResults', {}));
  unwrap(await host.call('revealTo', lastRevealPage(host.view())));
}

describe('the clock', () => {
  it('drives the PIN delay: five wrong PINs are free, then each attempt waits, the wait doubling, counted on the clock', async () => {
    const time = handClock();
    const host = service({ clock: time.clock });
    const pkg = writePackage([{ id: 'P', entries: simpleEntries(12), quota: 2 }], { balls: 3 });
    unwrap(await host.call('createCeremony', { period: 'test-1', kind: 'quota-allocation', rehearsal: false, ...NAMES, notaryPin: PIN }));
    unwrap(await host.call('importPackage', { path: pkg }));
    unwrap(await host.call('confirmSealDigest', { pin: PIN }));
    const enter = (pin: string) => host.call('enterManualBall', { hostDigit: '4', notaryDigit: '4', pin });

    for (let i = 0; i < 5; i++) expect(failureOf(await enter(WRONG))).toEqual({ kind: 'pin-wrong', onResume: false });
    // The sixth attempt waits 5 s from the fifth failure, even with the right PIN; a millisecond short of it still waits.
    expect(failureOf(await enter(PIN))).toEqual({ kind: 'pin-wait', failures: 5, seconds: 5 });
    time.advance(4999);
    expect(failureOf(await enter(PIN))).toEqual({ kind: 'pin-wait', failures: 5, seconds: 1 });
    time.advance(1);
    expect(failureOf(await enter(WRONG))).toEqual({ kind: 'pin-wrong', onResume: false });
    // After the sixth failure the wait is twice as long.
    expect(failureOf(await enter(PIN))).toEqual({ kind: 'pin-wait', failures: 6, seconds: 10 });
    time.advance(10_000);
    unwrap(await enter(PIN));
    expect(host.view().ceremony!.state.balls).toEqual(['4']);

    // The log's times are the clock's: the attempts, and the delays each refused.
    const log = operations(join(host.view().ceremony!.dir, 'operations.jsonl'));
    expect(log.filter((e) => e.type === 'pin-delayed').map((e) => [e.time, e.data.seconds])).toEqual([
      ['2026-11-23T10:00:00.000Z', 5], ['2026-11-23T10:00:04.999Z', 1], ['2026-11-23T10:00:05.000Z', 10],
    ]);
    expect(log.filter((e) => e.type === 'pin-attempt').at(-1)).toMatchObject({ time: '2026-11-23T10:00:15.000Z', data: { ok: true, action: 'manual-ball' } });
    await host.dispose();
  });

  it('drives the refusal throttle: at most 60 refused commands logged a minute, the rest counted into the next minute\'s first entry', async () => {
    const time = handClock();
    const dataDir = tempDir('kiosk-devices-');
    const host = service({ dataDir, clock: time.clock });
    const refuse = async (n: number) => {
      for (let i = 0; i < n; i++) expect(failureOf(await host.call('revealPage', { pool: 0, page: 0 }))).toEqual({ kind: 'no-ceremony' });
    };
    const refusals = () => operations(join(dataDir, 'operations.jsonl')).filter((e) => e.type === 'command-refused');

    await refuse(100);
    time.advance(59_999);
    await refuse(1);
    expect(refusals()).toHaveLength(60);
    expect(refusals().every((e) => e.data.failure === 'no-ceremony' && e.data.command === 'revealPage' && e.data.heldBack === undefined)).toBe(true);
    // A minute after the first, the window is open again: the 41 held back are counted in its first entry.
    time.advance(1);
    await refuse(1);
    expect(refusals()).toHaveLength(61);
    expect(refusals().at(-1)).toMatchObject({ time: '2026-11-23T10:01:00.000Z', data: { failure: 'no-ceremony', heldBack: 41 } });
    await host.dispose();
  });
});

describe('the drive lister', () => {
  it('no stick listed: the bundle fails "stick-missing", in words that say to insert the notary\'s stick; a folder chosen in the dialog still takes it', async () => {
    for (const drives of [listing(), () => Promise.reject(new Error('spawn lsblk ENOENT'))] satisfies DriveLister[]) {
      const host = service({ drives });
      await realDrawComputed(host);
      const target = join(tempDir('not-a-stick-'), 'bundle');
      const missing = failureOf(await host.call('writeBundle', { target }));
      expect(missing).toEqual({ kind: 'stick-missing' });
      expect(describeFailure(missing).next).toEqual({ zh: expect.stringMatching(/插入公证员的 U 盘/), en: expect.stringMatching(/insert the notary's USB stick/) });
      expect(host.view().ceremony!.state.bundles).toHaveLength(0);
      host.allowBundleFolder(join(target, '..'));
      unwrap(await host.call('writeBundle', { target }));
      expect(host.view().ceremony!.state.bundles).toHaveLength(1);
      await host.dispose();
    }
  });

  it('a stick with less free space than the bundle needs: "disk-full" with the stick\'s free bytes and what the bundle takes; nothing sealed', async () => {
    const small = stick('64k');
    const big = stick('8m');
    const host = service({ drives: listing(small, big) });
    await realDrawComputed(host);
    const free = freeBytes(small);
    const full = failureOf(await host.call('writeBundle', { target: join(small, 'bundle') }));
    expect(full).toMatchObject({ kind: 'disk-full', freeBytes: free });
    expect(host.view().ceremony!.state.bundles).toHaveLength(0);
    // What it asked for is more than the small stick has, and no less than the bundle takes on a stick that holds it.
    unwrap(await host.call('writeBundle', { target: join(big, 'bundle') }));
    const needed = full.kind === 'disk-full' ? full.neededBytes : 0;
    expect(needed).toBeGreaterThan(free);
    expect(needed).toBeGreaterThanOrEqual(usedBytes(big));
    // The words give both, never "0.0 MB" for the 64 KiB the stick has.
    const { what } = describeFailure(full);
    expect(what.en).toMatch(/^not enough space: about \d+(\.\d)? (KB|MB) needed, 64 KB free$/);
    expect(what.zh).toMatch(/只有 64 KB 可用/);
    await host.dispose();
  });
});

describe('resuming a ceremony', () => {
  it('a journal rewritten while the kiosk was down comes back as "tampered", naming the record; never as an input error', async () => {
    const dataDir = tempDir('kiosk-devices-');
    const host = service({ dataDir });
    await realDrawComputed(host);
    const dir = host.view().ceremony!.dir;
    await host.dispose();
    // Ball 2 (record 5: created, imported, digest confirmed, ball 1, ball 2) changed, the plain chain recomputed.
    rewriteJournal(dir, 5, (d) => (d.digit = '9'));
    const restarted = service({ dataDir });
    const failure = failureOf(await restarted.call('resumeCeremony', { dir, pin: PIN }));
    expect(failure).toEqual({ kind: 'tampered', file: join(dir, 'journal.sqlite'), seq: 5 });
    expect(describeFailure(failure).what.en).toMatch(/journal record 5 was changed while the kiosk was down/);
    expect(restarted.view().ceremony).toBeUndefined();
    await restarted.dispose();
  });
});

describe('the OBS director', () => {
  it('follows a rotation of the tokens: OBS is given the new stage URL, or its browser source would show the stage shut out', async () => {
    // The director is a spy on where it is pointed (Debian's OBS has no browser source to read the URL back from).
    const pointed: string[] = [];
    class PointedDirector extends ObsDirector {
      constructor(settings: ObsSettings) {
        super(settings);
        pointed.push(settings.stageUrl ?? '');
      }
      override setStageUrl(url: string): void {
        pointed.push(url);
        super.setStageUrl(url);
      }
    }
    const dataDir = tempDir('kiosk-obs-');
    const host = new KioskService({ ...realDevices(dataDir), obs: (settings) => new PointedDirector(settings) });
    const server = await startKioskServer(host, screenRoots(SCREENS, dataDir), { dataDir });
    try {
      unwrap(await host.call('connectObs', { url: 'ws://127.0.0.1:1', password: '' }));
      const before = server.stageUrl;
      const rotated = unwrap(await host.call('rotateTokens', {}));
      expect(rotated.stageUrl).not.toBe(before);
      expect(pointed).toEqual([before, rotated.stageUrl]);
    } finally {
      await server.close();
      await host.dispose();
    }
  });
});
