// The kiosk's service after a crash: a real child process runs a ceremony through the service and
// is killed with SIGKILL, its ceremony open; a new service on the same data folder reopens that
// ceremony by itself, locked (shown as it is, no command acting on it) until the notary's PIN
// resumes it. Real SQLite files, real processes, a real bundle checked by `draw verify`.
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { FailureKind, Outcome } from '../electron/contract/failures.ts';
import { unwrap } from '../electron/node/failure.ts';
import { CeremonyService } from '../electron/service/ceremony-service.ts';
import { realDevices } from '../electron/service/devices.ts';
import { KioskService } from '../electron/service/kiosk-service.ts';
import { draw } from './support/cli.ts';
import { rewriteJournal } from './support/forge.ts';
import { kioskKilledAfter, type Step } from './support/killed-kiosk.ts';
import { failureOf } from './support/outcomes.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';

const PIN = '135790';
const BALLS = '407';
const NAMES = { venue: '海口市公证处第一会议室', hostName: '王主持', notaryName: '李公证' };

/** A ceremony (a real draw unless `rehearsal`), step by step; `at` names the point each step reaches. */
function realDraw(bundleFolder: string, rehearsal: boolean, pin: string | undefined) {
  const pkg = writePackage([{ id: 'P', entries: simpleEntries(45), quota: 30, alternates: 5 }], { balls: BALLS.length });
  const steps: { at: string; step: Step }[] = [
    { at: 'created', step: ['createCeremony', { period: 'test-1', kind: 'quota-allocation', rehearsal, ...NAMES, ...(pin ? { notaryPin: pin } : {}) }] },
    { at: 'imported', step: ['importPackage', { path: pkg }] },
    { at: 'digest-confirmed', step: ['confirmSealDigest', { pin }] },
    ...[...BALLS].map((d, i) => ({ at: `ball-${i + 1}`, step: ['enterManualBall', { hostDigit: d, notaryDigit: d, pin }] satisfies Step })),
    { at: 'seed-confirmed', step: ['confirmSeed', { pin }] },
    { at: 'computed', step: ['computeResults', {}] },
    { at: 'revealed', step: ['revealTo', { pool: 0, page: 1 }] },
    { at: 'sealed', step: ['writeBundle', { target: join(bundleFolder, 'bundle') }] },
    { at: 'closed', step: ['closeCeremony', { pin }] },
  ];
  const index = (at: string) => steps.findIndex((s) => s.at === at) + 1;
  return {
    /** The steps up to and including `at`. */
    to: (at: string) => steps.slice(0, index(at)).map((s) => s.step),
    /** The steps after `at`. */
    after: (at: string) => steps.slice(index(at)).map((s) => s.step),
  };
}

/** A data folder whose kiosk was killed with its ceremony at `at`. */
function crashedAt(at: string, options: { rehearsal?: boolean; pin?: string | undefined } = {}) {
  const dataDir = tempDir('kiosk-restart-');
  const bundleFolder = tempDir('bundles-');
  const ceremony = realDraw(bundleFolder, options.rehearsal ?? false, 'pin' in options ? options.pin : PIN);
  const killed = kioskKilledAfter(dataDir, bundleFolder, ceremony.to(at));
  // A step that failed exits with its failure on stderr instead of being killed.
  expect(killed.signal, killed.stderr).toBe('SIGKILL');
  return { dataDir, bundleFolder, ceremony };
}

/** The service as it starts again on the data folder (the bundle folder allowed, as start-web's --bundle-folder). */
function restart(dataDir: string, bundleFolder: string): KioskService {
  const kiosk = new KioskService(realDevices(dataDir));
  kiosk.allowBundleFolder(bundleFolder);
  return kiosk;
}

/** The one ceremony folder in the data folder. */
function ceremonyDir(dataDir: string): string {
  const [name, ...more] = readdirSync(join(dataDir, 'ceremonies'));
  expect(more).toEqual([]);
  return join(dataDir, 'ceremonies', name!);
}

/** The journal's records as SQLite holds them, read directly (not through the project's store) before the kiosk restarts. */
function journalRows(dir: string): { seq: number; time: string; type: string; hash: string }[] {
  const db = new Database(join(dir, 'journal.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT seq, time, type, hash FROM events ORDER BY seq').all() as { seq: number; time: string; type: string; hash: string }[];
  } finally {
    db.close();
  }
}

const kindOf = async (p: Promise<Outcome<unknown>>): Promise<FailureKind | string> => {
  const f = failureOf(await p);
  return f.kind === 'refused' ? f.rule : f.kind;
};

const operations = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });

/** Every command that acts on the open ceremony, each with arguments it would take. */
const ACTING: readonly Step[] = [
  ['importPackage', { path: '/nowhere' }],
  ['confirmSealDigest', { pin: PIN }],
  ['useSerialMachine', { path: '/dev/null-no-such-port', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, pin: PIN }],
  ['useVirtualMachine', { intervalMs: 100, faults: [] }],
  ['enterManualBall', { hostDigit: '1', notaryDigit: '1', pin: PIN }],
  ['resolveAlarm', { decision: 'manual', pin: PIN }],
  ['voidLastBall', { reason: '测试 / test', pin: PIN }],
  ['confirmSeed', { pin: PIN }],
  ['computeResults', {}],
  ['revealTo', { pool: 0, page: 0 }],
  ['setRevealPace', { intervalMs: 4000, running: true }],
  ['revealPage', { pool: 0, page: 0 }],
  ['writeBundle', { target: '/nowhere/bundle' }],
  ['closeCeremony', { pin: PIN }],
  ['abortCeremony', { reason: '测试 / test', pin: PIN }],
];

describe('a ceremony open when the kiosk was killed', () => {
  // Each phase, and the event that entered it: the view's phaseSince is that record's journal time.
  const cases = [
    { at: 'created', phase: 'created', entered: 'ceremony-created', balls: 0 },
    { at: 'imported', phase: 'imported', entered: 'package-imported', balls: 0 },
    { at: 'ball-2', phase: 'seeding', entered: 'seal-digest-confirmed', balls: 2 },
    { at: 'revealed', phase: 'computed', entered: 'results-computed', balls: 3 },
    { at: 'sealed', phase: 'sealed', entered: 'bundle-written', balls: 3 },
  ] as const;
  for (const c of cases) {
    it(`reopens by itself, locked, at ${c.at} (${c.phase}): every acting command is refused until the notary's PIN resumes it`, async () => {
      const { dataDir, bundleFolder, ceremony } = crashedAt(c.at);
      const dir = ceremonyDir(dataDir);
      const rows = journalRows(dir);
      const kiosk = restart(dataDir, bundleFolder);
      const view = kiosk.view();
      expect(view.ceremony?.dir).toBe(dir);
      expect(view.ceremony!.locked).toBe(true);
      expect(view.ceremony!.state.phase).toBe(c.phase);
      expect(view.ceremony!.state.balls).toEqual([...BALLS.slice(0, c.balls)]);
      expect(view.ceremony!.phaseSince).toBe(rows.find((r) => r.type === c.entered)!.time);

      for (const [command, args] of ACTING) expect(`${command}: ${await kindOf(kiosk.call(command, args as never))}`).toBe(`${command}: locked`);
      // Nothing was recorded (the journal's head is the same), and nothing changed in the view.
      expect(kiosk.view().ceremony).toEqual(view.ceremony);
      expect(view.ceremony!.journalHead).toBe(rows.at(-1)!.hash);

      // The wrong PIN leaves it locked, still shown; the right one unlocks it where it was.
      expect(await kindOf(kiosk.call('resumeCeremony', { dir }))).toBe('pin-needed');
      expect(await kindOf(kiosk.call('resumeCeremony', { dir, pin: '000000' }))).toBe('pin-wrong');
      expect(kiosk.view().ceremony).toEqual(view.ceremony);
      unwrap(await kiosk.call('resumeCeremony', { dir, pin: PIN }));
      expect(kiosk.view().ceremony).toMatchObject({ dir, locked: false, phaseSince: view.ceremony!.phaseSince, state: { phase: c.phase } });

      // The ceremony goes on from there to its close; the bundle verifies.
      for (const [command, args] of ceremony.after(c.at)) unwrap(await kiosk.call(command, args as never));
      expect(kiosk.view().ceremony!.state.phase).toBe('closed');
      expect(draw('verify', join(bundleFolder, 'bundle')).stdout).toMatch(/(^|\n)verified\n$/);
      await kiosk.dispose();
    });
  }

  it('the report of a bundle sealed before the restart can still be printed, with the stick taken away', async () => {
    const { dataDir, bundleFolder } = crashedAt('sealed');
    const report = readFileSync(join(bundleFolder, 'bundle', 'report.pdf'));
    rmSync(join(bundleFolder, 'bundle'), { recursive: true }); // the notary has the stick
    const kiosk = restart(dataDir, bundleFolder);
    const [bundle] = kiosk.view().ceremony!.state.bundles;
    const path = kiosk.reportPath(bundle!.name);
    expect(path).toBeDefined();
    expect(readFileSync(path!).equals(report)).toBe(true);
    expect(kiosk.reportPath('no-such-bundle')).toBeUndefined();
    await kiosk.dispose();
  });

  it('the reveal page the stage asks for is there again once the PIN has unlocked it', async () => {
    const { dataDir, bundleFolder } = crashedAt('revealed');
    const kiosk = restart(dataDir, bundleFolder);
    expect(kiosk.view().ceremony!.state.reveal).toEqual({ pool: 0, page: 1 });
    unwrap(await kiosk.call('resumeCeremony', { dir: kiosk.view().ceremony!.dir, pin: PIN }));
    const page = unwrap(await kiosk.call('revealPage', { pool: 0, page: 1 }));
    expect(page).toMatchObject({ pool: 0, page: 1, pages: 2 });
    expect(page.rows).toHaveLength(15);
    await kiosk.dispose();
  });

  it('phaseSince follows each step after the unlock: the journal time of the record that entered the phase', async () => {
    const { dataDir, bundleFolder } = crashedAt('imported');
    const times = ['2026-11-23T10:00:00.000Z', '2026-11-23T10:00:05.000Z', '2026-11-23T10:00:09.000Z', '2026-11-23T10:00:12.000Z'];
    let tick = 0;
    const kiosk = new KioskService({ ...realDevices(dataDir), clock: () => times[Math.min(tick, times.length - 1)]! });
    kiosk.allowBundleFolder(bundleFolder);
    unwrap(await kiosk.call('resumeCeremony', { dir: kiosk.view().ceremony!.dir, pin: PIN }));
    tick = 1;
    unwrap(await kiosk.call('confirmSealDigest', { pin: PIN }));
    expect(kiosk.view().ceremony!.phaseSince).toBe(times[1]);
    tick = 2;
    // A ball does not change the phase: seeding began with the confirmation.
    unwrap(await kiosk.call('enterManualBall', { hostDigit: '4', notaryDigit: '4', pin: PIN }));
    expect(kiosk.view().ceremony!.phaseSince).toBe(times[1]);
    await kiosk.dispose();
  });

  it('a rehearsal without a PIN reopens unlocked and goes on; one with a PIN reopens locked', async () => {
    const bare = crashedAt('imported', { rehearsal: true, pin: undefined });
    const kiosk = restart(bare.dataDir, bare.bundleFolder);
    expect(kiosk.view().ceremony).toMatchObject({ locked: false, state: { phase: 'imported' } });
    unwrap(await kiosk.call('confirmSealDigest', {}));
    expect(kiosk.view().ceremony!.state.phase).toBe('seeding');
    await kiosk.dispose();

    const pinned = crashedAt('imported', { rehearsal: true });
    const locked = restart(pinned.dataDir, pinned.bundleFolder);
    expect(locked.view().ceremony).toMatchObject({ locked: true, state: { phase: 'imported' } });
    expect(await kindOf(locked.call('confirmSealDigest', {}))).toBe('locked');
    await locked.dispose();
  });

  it('an orderly stop with a ceremony open reopens it locked too; the open ceremony is the one opened last', async () => {
    const dataDir = tempDir('kiosk-restart-');
    const first = new KioskService(realDevices(dataDir));
    const pkg = writePackage([{ id: 'P', entries: simpleEntries(12), quota: 2 }], { balls: 3 });
    unwrap(await first.call('createCeremony', { period: 'test-1', kind: 'quota-allocation', rehearsal: false, ...NAMES, notaryPin: PIN }));
    const real = first.view().ceremony!.dir;
    unwrap(await first.call('createCeremony', { period: 'test-2', kind: 'quota-allocation', rehearsal: false, ...NAMES, notaryPin: PIN }));
    unwrap(await first.call('resumeCeremony', { dir: real, pin: PIN }));
    unwrap(await first.call('importPackage', { path: pkg }));
    await first.dispose();
    const second = new KioskService(realDevices(dataDir));
    expect(second.view().ceremony).toMatchObject({ dir: real, locked: true, state: { phase: 'imported' } });
    await second.dispose();
  });

  it('a tampered journal is shown locked as it reads, but the PIN does not resume it', async () => {
    const { dataDir, bundleFolder } = crashedAt('ball-2');
    const dir = ceremonyDir(dataDir);
    rewriteJournal(dir, 5, (d) => (d.digit = '3'));
    const kiosk = restart(dataDir, bundleFolder);
    expect(kiosk.view().ceremony).toMatchObject({ dir, locked: true, state: { phase: 'seeding', balls: ['4', '3'] } });
    expect(failureOf(await kiosk.call('resumeCeremony', { dir, pin: PIN }))).toEqual({ kind: 'tampered', file: join(dir, 'journal.sqlite'), seq: 5 });
    expect(kiosk.view().ceremony!.locked).toBe(true);
    expect(await kindOf(kiosk.call('enterManualBall', { hostDigit: '7', notaryDigit: '7', pin: PIN }))).toBe('locked');
    await kiosk.dispose();
  });
});

describe('what is not reopened', () => {
  for (const end of ['closed', 'aborted'] as const) {
    it(`a ceremony ${end} before the kiosk stopped: it starts with none open, and lists it`, async () => {
      const dataDir = tempDir('kiosk-restart-');
      const bundleFolder = tempDir('bundles-');
      const ceremony = realDraw(bundleFolder, false, PIN);
      const steps = end === 'closed' ? ceremony.to('closed') : [...ceremony.to('ball-2'), ['abortCeremony', { reason: '测试 / test', pin: PIN }] satisfies Step];
      const killed = kioskKilledAfter(dataDir, bundleFolder, steps);
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      const kiosk = restart(dataDir, bundleFolder);
      expect(kiosk.view().ceremony).toBeUndefined();
      expect(unwrap(await kiosk.call('listCeremonies', {})).map((c) => c.phase)).toEqual([end]);
      await kiosk.dispose();
      // Nor when the kiosk stopped between the last event and forgetting it: the file still names it.
      writeFileSync(join(dataDir, 'open-ceremony.json'), JSON.stringify({ format: 'draw-kiosk-open-ceremony/1', ceremony: basename(ceremonyDir(dataDir)) }));
      const again = restart(dataDir, bundleFolder);
      expect(again.view().ceremony).toBeUndefined();
      await again.dispose();
      expect(existsSync(join(dataDir, 'open-ceremony.json'))).toBe(false);
    });
  }

  it('a crafted open-ceremony file pointing outside the data folder is refused and logged, the ceremony there untouched', async () => {
    // A genuine ceremony, but outside this kiosk's data folder.
    const outside = join(tempDir('elsewhere-'), 'ceremony');
    unwrap(CeremonyService.create(outside, { period: 'test-1', kind: 'quota-allocation', rehearsal: true })).dispose();
    const untouched = () => ({ journal: readFileSync(join(outside, 'journal.sqlite')), log: readFileSync(join(outside, 'operations.jsonl')) });
    const before = untouched();

    const dataDir = tempDir('kiosk-restart-');
    await new KioskService(realDevices(dataDir)).dispose();
    symlinkSync(outside, join(dataDir, 'ceremonies', 'linked'));
    const crafted = ['../../../../../../..' + outside, outside, 'linked', '..', '.', 'a/../../x', '', 42, null];
    for (const ceremony of crafted) {
      writeFileSync(join(dataDir, 'open-ceremony.json'), JSON.stringify({ format: 'draw-kiosk-open-ceremony/1', ceremony }));
      const kiosk = restart(dataDir, tempDir());
      expect(kiosk.view().ceremony, JSON.stringify(ceremony)).toBeUndefined();
      await kiosk.dispose();
    }
    for (const text of ['not json', '{"format":"draw-kiosk-open-ceremony/1","ceremony":"x","more":1}', '[]']) {
      writeFileSync(join(dataDir, 'open-ceremony.json'), text);
      const kiosk = restart(dataDir, tempDir());
      expect(kiosk.view().ceremony, text).toBeUndefined();
      await kiosk.dispose();
    }
    const refused = operations(join(dataDir, 'operations.jsonl')).filter((e) => e.type === 'open-ceremony-refused');
    expect(refused).toHaveLength(crafted.length + 3);
    for (const e of refused) expect(String(e.data.reason)).not.toBe('');
    expect(untouched()).toEqual(before);
    expect(existsSync(join(outside, 'open-ceremony.json'))).toBe(false);
  });

});
