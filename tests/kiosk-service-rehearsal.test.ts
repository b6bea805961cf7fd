// A rehearsal through the kiosk's service, with its real simulator and real timers: the
// simulator goes on at the right ball after balls entered by hand, and the automatic reveal
// turns the pages itself, pool after pool, until the last page or until it is paused or the
// phase moves on.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskView } from '../electron/contract/kiosk-api.ts';
import { unwrap } from '../electron/node/failure.ts';
import { lastRevealPage } from './support/reveal-end.ts';
import { KioskService } from '../electron/service/kiosk-service.ts';
import { realDevices } from '../electron/service/devices.ts';
import { NAMES } from './support/ceremony-names.ts';
import { failureOf } from './support/outcomes.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';

const hosts: KioskService[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.dispose();
});

async function rehearsal(pkg: string, pageSize?: number): Promise<KioskService> {
  const host = new KioskService(realDevices(tempDir('kiosk-rehearsal-')), pageSize === undefined ? {} : { pageSize });
  hosts.push(host);
  unwrap(await host.call('createCeremony', { period: 'test-1', kind: 'quota-allocation', rehearsal: true, ...NAMES }));
  unwrap(await host.call('importPackage', { path: pkg }));
  unwrap(await host.call('confirmSealDigest', {}));
  return host;
}

/** Waits for a state of the view; how long it takes is never the point. */
async function until(host: KioskService, check: (view: KioskView) => boolean, ms = 30_000): Promise<KioskView> {
  const end = Date.now() + ms;
  for (;;) {
    const view = host.view();
    if (check(view)) return view;
    if (Date.now() > end) throw new Error(`timed out; the view: ${JSON.stringify({ state: view.ceremony?.state, revealPace: view.revealPace, ignored: view.ignored })}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the simulator after balls entered by hand', () => {
  const pkg = writePackage([{ id: 'P', entries: simpleEntries(30), quota: 3 }], { balls: 6 });
  const drawn = (v: KioskView) => v.ceremony!.state.balls.length === 6 || v.ceremony!.state.alarm !== undefined;

  it('with its digits given: it draws from ball k + 1 on, with its (k + 1)th digit; no reading repeats a ball', async () => {
    const host = await rehearsal(pkg);
    for (const d of '04') unwrap(await host.call('enterManualBall', { hostDigit: d, notaryDigit: d }));
    unwrap(await host.call('useVirtualMachine', { balls: '048213', intervalMs: 20, faults: [] }));
    const view = await until(host, drawn);
    expect(view.ceremony!.state.alarm).toBeUndefined();
    expect(view.ceremony!.state.balls.join('')).toBe('048213');
    // Balls 1 and 2 were never read again: nothing was ignored as a repeat.
    expect(view.ignored).toEqual([]);
  });

  it('with fresh digits: it goes on at ball k + 1, so no reading conflicts with a ball entered by hand', async () => {
    const host = await rehearsal(pkg);
    for (const d of '731') unwrap(await host.call('enterManualBall', { hostDigit: d, notaryDigit: d }));
    unwrap(await host.call('useVirtualMachine', { intervalMs: 20, faults: [] }));
    const view = await until(host, drawn);
    expect(view.ceremony!.state.alarm).toBeUndefined();
    expect(view.ceremony!.state.balls.slice(0, 3).join('')).toBe('731');
    expect(view.ceremony!.state.balls).toHaveLength(6);
    expect(view.ignored).toEqual([]);
  });

  it('with a fault: it comes in the middle of the balls still to draw (a conflict at ball 5 of 6 after three by hand)', async () => {
    const host = await rehearsal(pkg);
    for (const d of '048') unwrap(await host.call('enterManualBall', { hostDigit: d, notaryDigit: d }));
    unwrap(await host.call('useVirtualMachine', { balls: '048213', intervalMs: 20, faults: ['conflict'] }));
    const view = await until(host, (v) => v.ceremony!.state.alarm !== undefined);
    // Balls 4..6 are left: the middle of them is ball 5, read as 1 (taken), then as 2.
    expect(view.ceremony!.state.alarm).toMatchObject({ kind: 'conflict', n: 5, digit: '2' });
    expect(view.ceremony!.state.balls.join('')).toBe('04821');
  });
});

describe('the automatic reveal pace', () => {
  // With 5 rows a page: pool P has 6 winners and 2 alternates (2 pages), pool Q 2 winners (1 page).
  const pkg = writePackage([
    { id: 'P', entries: simpleEntries(12), quota: 6, alternates: 2 },
    { id: 'Q', entries: simpleEntries(5, 'Q'), quota: 2 },
  ], { balls: 3 });

  async function computed(): Promise<KioskService> {
    const host = await rehearsal(pkg, 5);
    for (const d of '407') unwrap(await host.call('enterManualBall', { hostDigit: d, notaryDigit: d }));
    unwrap(await host.call('confirmSeed', {}));
    unwrap(await host.call('computeResults', {}));
    return host;
  }

  /** Every reveal position the journal takes, in order. */
  function positions(host: KioskService): { pool: number; page: number }[] {
    const seen: { pool: number; page: number }[] = [];
    host.subscribe((v) => {
      const at = v.ceremony?.state.reveal;
      if (at && (seen.at(-1)?.pool !== at.pool || seen.at(-1)?.page !== at.page)) seen.push(at);
    });
    return seen;
  }

  it('is refused before the results, and outside 2 to 120 seconds', async () => {
    const host = await rehearsal(pkg, 5);
    expect(failureOf(await host.call('setRevealPace', { intervalMs: 2000, running: true })).kind).toBe('pace-outside-reveal');
    for (const intervalMs of [1999, 120_001, 2500.5]) {
      expect(failureOf(await host.call('setRevealPace', { intervalMs, running: false }))).toMatchObject({ kind: 'command-invalid', command: 'setRevealPace' });
    }
  });

  it('turns page after page, pool after pool, from the start, and stops by itself at the last page of the last pool', async () => {
    const host = await computed();
    expect(host.view().revealPace).toEqual({ intervalMs: 4000, running: false });
    const seen = positions(host);
    unwrap(await host.call('setRevealPace', { intervalMs: 2000, running: true }));
    expect(host.view().revealPace).toEqual({ intervalMs: 2000, running: true });
    await until(host, (v) => v.revealPace?.running === false);
    expect(seen).toEqual([{ pool: 0, page: 0 }, { pool: 0, page: 1 }, { pool: 1, page: 0 }]);
    expect(host.view().ceremony!.state.reveal).toEqual({ pool: 1, page: 0 });
    // The operational log says when it ran: the pages themselves are journaled like the host's.
    const log = readFileSync(join(host.view().ceremony!.dir, 'operations.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; data: unknown });
    expect(log.filter((e) => e.type === 'reveal-pace').map((e) => e.data)).toEqual([
      { intervalMs: 2000, running: true },
      { intervalMs: 2000, running: false, stopped: 'last-page' },
    ]);
  });

  it('a page past a pool\'s last is refused, never journaled (the stage could not show it)', async () => {
    const host = await computed();
    const head = host.view().ceremony!.journalHead;
    // Pool P has 8 rows: pages 0 and 1 at 5 a page. Pool Q has 2 rows: page 0 only.
    for (const [pool, page] of [[0, 2], [1, 1], [2, 0]] as const) {
      expect(failureOf(await host.call('revealTo', { pool, page }))).toMatchObject({ kind: 'reveal-range', pool, page });
    }
    expect(host.view().ceremony!.journalHead).toBe(head);
    unwrap(await host.call('revealTo', { pool: 0, page: 1 }));
    expect(host.view().ceremony!.state.reveal).toEqual({ pool: 0, page: 1 });
  });

  it('a page turned by hand while it runs: the pace goes on from there', async () => {
    const host = await computed();
    const seen = positions(host);
    unwrap(await host.call('setRevealPace', { intervalMs: 2000, running: true }));
    unwrap(await host.call('revealTo', { pool: 0, page: 1 }));
    await until(host, (v) => v.revealPace?.running === false);
    expect(seen).toEqual([{ pool: 0, page: 1 }, { pool: 1, page: 0 }]);
  });

  it('stops when the phase moves on (the bundle written), and is refused after', async () => {
    const host = await computed();
    const bundle = join(tempDir(), 'bundle');
    host.allowBundleFolder(dirname(bundle));
    // The bundle follows the reveal's last page; the host has gone back to the first and paces on from there.
    unwrap(await host.call('revealTo', lastRevealPage(host.view())));
    unwrap(await host.call('revealTo', { pool: 0, page: 0 }));
    unwrap(await host.call('setRevealPace', { intervalMs: 120_000, running: true }));
    expect(host.view().revealPace?.running).toBe(true);
    unwrap(await host.call('writeBundle', { target: bundle }));
    expect(host.view().ceremony!.state.phase).toBe('sealed');
    expect(host.view().revealPace).toEqual({ intervalMs: 120_000, running: false });
    expect(failureOf(await host.call('setRevealPace', { intervalMs: 2000, running: true })).kind).toBe('pace-outside-reveal');
  });
});
