// What the kiosk's service lets a caller do in a real draw, whoever the caller is: only real
// balls, the notary's PIN for the ball source, the bundle only onto the notary's stick, the
// PIN to resume, and every refusal and PIN attempt in the operational log. Real SQLite files and
// a real bundle; the drive lister is a fake (the removable-drive listing is not the subject).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FailureKind, Outcome } from '../electron/contract/failures.ts';
import { unwrap } from '../electron/node/failure.ts';
import { OperationsLog } from '../electron/node/operations-log.ts';
import { KioskService } from '../electron/service/kiosk-service.ts';
import { realDevices } from '../electron/service/devices.ts';
import { draw } from './support/cli.ts';
import { failureOf } from './support/outcomes.ts';
import { lastRevealPage } from './support/reveal-end.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';
import { NAMES } from './support/ceremony-names.ts';

const PIN = '135790';

function hostWithStick() {
  const stick = tempDir('stick-');
  const host = new KioskService({
    ...realDevices(tempDir('kiosk-guards-')),
    drives: async () => [{ label: 'NOTARY', mountPoint: stick, sizeBytes: 8e9, freeBytes: 4e9 }],
  });
  return { host, stick };
}

/** The kind of a command's failure (a refusal of the ceremony's rules: the rule). */
async function refusedWith(p: Promise<Outcome<unknown>>): Promise<FailureKind | string> {
  const f = failureOf(await p);
  return f.kind === 'refused' ? f.rule : f.kind;
}

const operations = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });

async function realDrawToResults(host: KioskService) {
  const pkg = writePackage([{ id: 'P', entries: simpleEntries(12), quota: 2, alternates: 1 }], { balls: 3 });
  unwrap(await host.call('createCeremony', { period: 'test-1', kind: 'quota-allocation', rehearsal: false, ...NAMES, notaryPin: PIN }));
  unwrap(await host.call('importPackage', { path: pkg }));
  unwrap(await host.call('confirmSealDigest', { pin: PIN }));
}

describe('the service in a real draw', () => {
  it('refuses the simulator as ball source; the serial machine needs the notary PIN; manual dual entry works', async () => {
    const { host } = hostWithStick();
    await realDrawToResults(host);
    expect(await refusedWith(host.call('useVirtualMachine', { intervalMs: 10, faults: [] }))).toBe('simulator-in-real-draw');
    const serial = { path: '/dev/null-no-such-port', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } as const;
    expect(await refusedWith(host.call('useSerialMachine', serial))).toBe('notary-required');
    expect(await refusedWith(host.call('useSerialMachine', { ...serial, pin: '000000' }))).toBe('pin-wrong');
    for (const d of '407') unwrap(await host.call('enterManualBall', { hostDigit: d, notaryDigit: d, pin: PIN }));
    expect(host.view().ceremony!.state.balls).toEqual(['4', '0', '7']);
    const log = operations(join(host.view().ceremony!.dir, 'operations.jsonl'));
    expect(log.filter((e) => e.type === 'pin-attempt').map((e) => `${String(e.data.action)}:${String(e.data.ok)}`))
      .toEqual(['confirm-seal-digest:true', 'ball-source:false', 'manual-ball:true', 'manual-ball:true', 'manual-ball:true']);
    await host.dispose();
  });

  it('writes the bundle only onto a listed stick (or a folder chosen in the dialog), never to a made-up path', async () => {
    const { host, stick } = hostWithStick();
    await realDrawToResults(host);
    for (const d of '407') unwrap(await host.call('enterManualBall', { hostDigit: d, notaryDigit: d, pin: PIN }));
    unwrap(await host.call('confirmSeed', { pin: PIN }));
    unwrap(await host.call('computeResults', {}));
    unwrap(await host.call('revealTo', lastRevealPage(host.view())));
    const elsewhere = tempDir('not-a-stick-');
    for (const target of [join(elsewhere, 'bundle'), join(stick, '..', 'escape'), '/etc/cron.d/bundle']) {
      expect(await refusedWith(host.call('writeBundle', { target }))).toBe('bundle-target');
    }
    expect(readdirSync(elsewhere)).toEqual([]);
    const target = join(stick, 'bundle-test-1');
    unwrap(await host.call('writeBundle', { target }));
    expect(draw('verify', target).stdout).toMatch(/(^|\n)verified\n$/);
    // The bundle carries the operational log, listed in SHA256SUMS.
    expect(readFileSync(join(target, 'SHA256SUMS'), 'utf8')).toMatch(/ {2}operations\.jsonl\n/);
    const log = operations(join(target, 'operations.jsonl'));
    expect(log.filter((e) => e.type === 'command-refused').map((e) => e.data.failure)).toEqual(['bundle-target', 'bundle-target', 'bundle-target']);
    // A folder the host chose in the shell's dialog is also allowed.
    const chosen = tempDir('chosen-');
    host.allowBundleFolder(chosen);
    unwrap(await host.call('writeBundle', { target: join(chosen, 'copy') }));
    expect(draw('verify', join(chosen, 'copy')).stdout).toMatch(/(^|\n)verified\n$/);
    await host.dispose();
  });

  it('writes the bundle only once the reveal\'s last page has been on the stage (going back later keeps that); the view gives each bundle\'s sealing time', async () => {
    const { host, stick } = hostWithStick();
    const small = new KioskService({ ...realDevices(tempDir('kiosk-guards-')), drives: async () => [{ label: 'NOTARY', mountPoint: stick, sizeBytes: 8e9, freeBytes: 4e9 }] }, { pageSize: 2 });
    await host.dispose();
    const pkg = writePackage([
      { id: 'P', entries: simpleEntries(12), quota: 3, alternates: 1 }, // 4 rows: 2 pages of 2
      { id: 'Q', entries: simpleEntries(5, 'Q'), quota: 1 }, // 1 row: 1 page
    ], { balls: 3 });
    unwrap(await small.call('createCeremony', { period: 'test-1', kind: 'quota-allocation', rehearsal: false, ...NAMES, notaryPin: PIN }));
    unwrap(await small.call('importPackage', { path: pkg }));
    unwrap(await small.call('confirmSealDigest', { pin: PIN }));
    for (const d of '407') unwrap(await small.call('enterManualBall', { hostDigit: d, notaryDigit: d, pin: PIN }));
    unwrap(await small.call('confirmSeed', { pin: PIN }));
    unwrap(await small.call('computeResults', {}));
    const target = join(stick, 'bundle-test-1');
    const unfinished = async () => failureOf(await small.call('writeBundle', { target }));
    expect(await unfinished()).toEqual({ kind: 'reveal-unfinished', pools: 2, pool: undefined, page: undefined });
    expect(small.view().ceremony!.revealFinished).toBe(false);
    for (const [pool, page] of [[0, 0], [0, 1]] as const) {
      unwrap(await small.call('revealTo', { pool, page }));
      expect(await unfinished()).toEqual({ kind: 'reveal-unfinished', pools: 2, pool, page });
    }
    expect(readdirSync(stick)).toEqual([]);
    unwrap(await small.call('revealTo', { pool: 1, page: 0 }));
    expect(small.view().ceremony!.revealFinished).toBe(true);
    unwrap(await small.call('revealTo', { pool: 0, page: 0 })); // the host shows the first page again
    const { name } = unwrap(await small.call('writeBundle', { target }));
    // A second copy: its journal holds the first bundle's record, with the time the view gives.
    unwrap(await small.call('writeBundle', { target: join(stick, 'copy') }));
    const copied = readFileSync(join(stick, 'copy', 'journal.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; time: string; data: { name?: string } });
    const sealed = copied.find((r) => r.type === 'bundle-written' && r.data.name === name)!;
    expect(small.view().ceremony!.sealedAt[name]).toBe(sealed.time);
    expect(Object.keys(small.view().ceremony!.sealedAt)).toHaveLength(2);
    await small.dispose();
  });

  it('resumes only with the PIN; the list reads ceremonies without it', async () => {
    const { host } = hostWithStick();
    await realDrawToResults(host);
    const dir = host.view().ceremony!.dir;
    await host.dispose();
    // The same data folder, as after a restart.
    const restarted = new KioskService(realDevices(join(dir, '..', '..')));
    const list = unwrap(await restarted.call('listCeremonies', {}));
    expect(list.map((c) => [c.phase, c.rehearsal])).toEqual([['seeding', false]]);
    expect(await refusedWith(restarted.call('resumeCeremony', { dir }))).toBe('pin-needed');
    expect(await refusedWith(restarted.call('resumeCeremony', { dir, pin: '999999' }))).toBe('pin-wrong');
    unwrap(await restarted.call('resumeCeremony', { dir, pin: PIN }));
    expect(restarted.view().ceremony!.state.phase).toBe('seeding');
    // A second ceremony opened; a refused resume of the first leaves the second open.
    unwrap(await restarted.call('createCeremony', { period: 'test-2', kind: 'quota-allocation', rehearsal: true, ...NAMES }));
    expect(await refusedWith(restarted.call('resumeCeremony', { dir }))).toBe('pin-needed');
    expect(restarted.view().ceremony!.state.ceremony!.period).toBe('test-2');
    expect(restarted.view().ceremony!.journalHead).toMatch(/^[0-9a-f]{64}$/);
    await restarted.dispose();
    // The kiosk's own log notes each start.
    expect(operations(join(dir, '..', '..', 'operations.jsonl')).filter((e) => e.type === 'service-started')).toHaveLength(2);
  });

  it('a flood of refused commands, even from the stage, is logged only as a count, and never silences a PIN attempt', async () => {
    const { host } = hostWithStick();
    await realDrawToResults(host);
    for (let i = 0; i < 300; i++) await refusedWith(host.call('revealPage', { pool: 0, page: 0 }));
    await refusedWith(host.call('confirmSeed', { pin: '000000' }));
    const log = operations(join(host.view().ceremony!.dir, 'operations.jsonl'));
    expect(log.filter((e) => e.type === 'command-refused').length).toBeLessThanOrEqual(60);
    expect(log.filter((e) => e.type === 'pin-attempt').map((e) => e.data.ok)).toEqual([true, false]);
    await host.dispose();
    // A full log still takes what KEPT names.
    const path = join(tempDir(), 'operations.jsonl');
    const full = new OperationsLog(path, () => new Date().toISOString(), 2000);
    for (let i = 0; i < 50; i++) full.record('command-refused', { command: 'revealPage', failure: 'no-results' }, new Date().toISOString());
    full.record('pin-attempt', { ok: false, action: 'confirm-seed' }, new Date().toISOString());
    full.close();
    const kinds = operations(path).map((e) => e.type);
    expect(kinds.filter((k) => k === 'log-full')).toHaveLength(1);
    expect(kinds.at(-1)).toBe('pin-attempt');
  });

  it('a rehearsal still takes the simulator and needs no PIN', async () => {
    const { host } = hostWithStick();
    const pkg = writePackage([{ id: 'P', entries: simpleEntries(12), quota: 2 }], { balls: 3 });
    unwrap(await host.call('createCeremony', { period: 'test-1', kind: 'quota-allocation', rehearsal: true, ...NAMES }));
    unwrap(await host.call('importPackage', { path: pkg }));
    unwrap(await host.call('confirmSealDigest', {}));
    unwrap(await host.call('useVirtualMachine', { balls: '123', intervalMs: 20, faults: [] }));
    const deadline = Date.now() + 20_000;
    while (host.view().ceremony!.state.balls.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(host.view().ceremony!.state.balls.join('')).toBe('123');
    await host.dispose();
  });
});
