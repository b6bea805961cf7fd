// The kiosk's application service as the screens see it: the typed commands of
// electron/contract/kiosk-api.ts over one ceremony at a time, the ball machine, and one view pushed
// to every screen after each change. The Electron shell and browser mode both serve it.
// Each command answers with an Outcome: a handler fails by throwing a typed failure (or
// unwrapping the ceremony service's), and `call` turns it back, the one boundary.
import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Words } from '../../draw-core/bundle-words.ts';
import type { Failure, Outcome } from '../contract/failures.ts';
import type { BundleWriteProgress, CommandName, IgnoredReading, KioskCommands, KioskView, MachineView, RevealPage } from '../contract/kiosk-api.ts';
import type { BallMachine } from '../../hardware/ball-machine/machine.ts';
import type { Fault } from '../../hardware/ball-machine/simulator.ts';
import { OPERATIONS_FILE } from '../../draw-core/bundle-check.ts';
import { resultRows } from '../../draw-core/results.ts';
import type { Phase } from '../../draw-core/ceremony.ts';
import { OperationsLog, type OperationDetail } from '../node/operations-log.ts';
import { DEFAULT_SCENES, type ObsDirector } from '../../hardware/obs/director.ts';
import { finishRecording, followCeremony } from './obs-follower.ts';
import { software } from '../node/software.ts';
import { JournalReader, type JournalFacts } from './journal-facts.ts';
import { LogThrottle } from './log-throttle.ts';
import { failWith, outcomeOf, unwrap } from '../node/failure.ts';
import { BallIntake } from './ball-intake.ts';
import { parseCommand } from './command-schemas.ts';
import { CeremonyService, type NotaryAuth, type ServiceOptions } from './ceremony-service.ts';
import type { KioskDevices } from './devices.ts';
import { forgetOpenCeremony, readOpenCeremony, rememberOpenCeremony } from './open-ceremony.ts';
import { RevealPacer } from './reveal-pace.ts';
import { revealPages } from '../contract/reveal.ts';

export interface KioskServiceOptions {
  readonly pageSize?: number;
  /** The stage page's URL, for OBS's browser source. */
  readonly stageUrl?: string | undefined;
  /** Who runs the draw, as the kiosk's theme names it: the issuer of the announcements its bundles carry. */
  readonly organization?: Words | undefined;
}

/** The loopback server's tokens, rotated on the host's command (electron/web/tokens.ts). */
export type TokenRotator = () => { consoleUrl: string; stageUrl: string };

/** What the operational log records (docs/SECURITY.md): not ceremony facts, but what an audit needs. */
export type OperationKind =
  | 'service-started' | 'pin-attempt' | 'request-refused' | 'message-refused' | 'command-refused'
  | 'machine-link' | 'reading-ignored' | 'sentences-discarded' | 'obs-link' | 'tokens-rotated' | 'upload' | 'ball-source'
  | 'open-ceremony-refused' | 'ceremony-reopen-failed' | 'recording-left-out';

/**
 * What may be asked while the open ceremony is locked (reopened after a restart, waiting for the
 * notary's PIN): the resume itself, another ceremony, and what does not act on this one.
 */
const WHILE_LOCKED: ReadonlySet<CommandName> = new Set<CommandName>([
  'createCeremony', 'resumeCeremony', 'listCeremonies', 'listPorts', 'listDrives', 'connectObs', 'prepareObs', 'setStreaming', 'rotateTokens',
]);

const REFUSALS_PER_MINUTE = 60;
/** While the bundle is written, a view every 100 ms at most: ten a second moves a progress bar smoothly enough. */
const BUNDLE_VIEW_MS = 100;

type Handlers = { [C in CommandName]: (args: KioskCommands[C]['args']) => KioskCommands[C]['result'] | Promise<KioskCommands[C]['result']> };

/** A ceremony in these phases is over: it is not reopened after a restart. */
const ENDED: ReadonlySet<Phase> = new Set<Phase>(['closed', 'aborted']);

export class KioskService {
  readonly #devices: KioskDevices;
  readonly #dataDir: string;
  readonly #pageSize: number;
  readonly #listeners = new Set<(view: KioskView) => void>();
  #version = 0;
  #service: CeremonyService | undefined;
  #unsubscribe: (() => void) | undefined;
  /** The open ceremony's automatic reveal. */
  #pacer: RevealPacer | undefined;
  /** The open ceremony's journal, read on for what the fold does not keep (electron/service/journal-facts.ts). */
  #journalReader: JournalReader | undefined;
  #machine: { machine: BallMachine; intake: BallIntake; source: 'serial' | 'virtual' } | undefined;
  #ignored: IgnoredReading[] = [];
  #displays: KioskView['displays'] = [];
  #stageUrl: string | undefined;
  /** What every ceremony this kiosk opens is given: the injected clock, the theme's organization. */
  readonly #ceremonyOptions: ServiceOptions;
  #rotateTokens: TokenRotator | undefined;
  #obs: { director: ObsDirector; unfollow: () => void } | undefined;
  /** The bundle being written, and when a view last showed it (#showBundleWrite). */
  #bundleWrite: { progress: BundleWriteProgress; shownAt: number } | undefined;
  readonly #pages = new Map<number, RevealPage['rows']>();
  /** The kiosk's own operational log, for what happens while no ceremony is open. */
  readonly #operations: OperationsLog;
  /** Folders the host chose in the shell's own folder dialog (Electron), besides removable drives. */
  readonly #chosenFolders = new Set<string>();
  readonly #refusals: LogThrottle;

  constructor(devices: KioskDevices, options: KioskServiceOptions = {}) {
    this.#devices = devices;
    this.#dataDir = devices.dataDir;
    this.#pageSize = options.pageSize ?? 20;
    this.#stageUrl = options.stageUrl;
    this.#ceremonyOptions = { clock: devices.clock, organization: options.organization };
    this.#refusals = new LogThrottle(REFUSALS_PER_MINUTE, devices.clock);
    mkdirSync(join(this.#dataDir, 'ceremonies'), { recursive: true });
    this.#operations = new OperationsLog(join(this.#dataDir, OPERATIONS_FILE), devices.clock);
    this.logOperation('service-started', { pid: process.pid, version: software().version });
    this.#reopen();
  }

  view(): KioskView {
    const s = this.#service;
    const st = this.#machine?.machine.status;
    const machine: MachineView | undefined = st && {
      source: this.#machine!.source, port: st.port, link: st.link, linkReason: st.linkReason, identity: st.identity, state: st.state,
      discarded: Object.values(st.discarded).reduce((a, b) => a + b, 0),
    };
    return {
      version: this.#version,
      ceremony: s && { dir: s.dir, state: s.state, journalHead: s.journalHead, locked: s.locked, phaseSince: s.phaseSince, ...this.#journalFacts(s) },
      revealPace: this.#pacer?.pace,
      bundleWrite: this.#bundleWrite?.progress,
      machine,
      ignored: this.#ignored.slice(-20),
      pageSize: this.#pageSize,
      obs: this.#obs?.director.status,
      software: software(),
      stageUrl: this.#stageUrl,
      displays: this.#displays,
    };
  }

  subscribe(listener: (view: KioskView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Where browser mode keeps uploaded packages until they are imported (then deleted). */
  get uploadsDir(): string {
    return join(this.#dataDir, 'uploads');
  }

  /** Now, by the injected clock: the web server's log throttle counts time by it too. */
  now(): string {
    return this.#devices.clock();
  }

  /** Appends to the operational log (refused requests, PIN attempts, link drops...). */
  logOperation(kind: OperationKind, detail: OperationDetail): void {
    if (this.#service) this.#service.logOperation(kind, detail);
    else this.#operations.record(kind, detail, this.#devices.clock());
  }

  /**
   * A refused command, at most REFUSALS_PER_MINUTE entries a minute: anyone who may call (the
   * stage token too) could otherwise fill the log; the rest are counted into the next entry.
   */
  #logRefusal(command: string, failure: Failure): void {
    const passed = this.#refusals.pass();
    if (!passed) return;
    const rule = 'rule' in failure ? { rule: failure.rule } : {};
    this.logOperation('command-refused', { command, failure: failure.kind, ...rule, ...(passed.heldBack ? { heldBack: passed.heldBack } : {}) });
  }

  /** The Electron shell's folder dialog: a folder the host chose may receive the bundle. */
  allowBundleFolder(path: string): void {
    this.#chosenFolders.add(resolve(path));
  }

  /** The open ceremony's copy of a bundle's report, for printing (kept in the ceremony folder, so a restart or a stick taken away keeps it). */
  reportPath(bundleName: string): string | undefined {
    const bundle = this.#service?.state.bundles.find((b) => b.name === bundleName);
    const path = bundle && this.#service!.reportCopy(bundle);
    return path && existsSync(path) ? path : undefined;
  }

  /** The stage URL OBS's browser source should show (known once the loopback server runs). */
  setStageUrl(url: string): void {
    this.#stageUrl = url;
    this.#changed();
  }

  /** The loopback server lends its token rotation to the rotateTokens command. */
  setTokenRotator(rotate: TokenRotator): void {
    this.#rotateTokens = rotate;
  }

  /** The shell reports the displays and which one carries the stage. */
  setDisplays(displays: KioskView['displays']): void {
    this.#displays = displays;
    this.#changed();
  }

  /**
   * Every command, from IPC and the WebSocket alike, is checked against its schema before its
   * handler runs. Never throws: an expected failure is the outcome, anything else `internal`.
   */
  async call<C extends CommandName>(command: C, args: KioskCommands[C]['args']): Promise<Outcome<KioskCommands[C]['result']>> {
    const done = await outcomeOf(async () => {
      const parsed = parseCommand(command, args);
      if (!parsed.ok) failWith(parsed.failure);
      if (this.#service?.locked && !WHILE_LOCKED.has(parsed.command)) failWith({ kind: 'locked' });
      const handler = this.#handlers[parsed.command] as (a: unknown) => KioskCommands[C]['result'] | Promise<KioskCommands[C]['result']>;
      try {
        return await handler(parsed.args);
      } finally {
        this.#changed();
      }
    });
    // PIN attempts are logged where they are checked; every other refusal here.
    if (!done.ok && done.failure.kind !== 'pin-wrong') this.#logRefusal(String(command).slice(0, 64), done.failure);
    return done;
  }

  async dispose(): Promise<void> {
    await this.#disconnectObs();
    await this.#stopMachine();
    this.#closeCeremony();
    this.#operations.close();
  }

  readonly #handlers: Handlers = {
    createCeremony: ({ notaryPin, ...create }) => {
      this.#closeCeremony();
      const dir = join(this.#dataDir, 'ceremonies', `${create.period.replace(/[^0-9A-Za-z._-]/g, '_')}-${this.#devices.clock().replace(/[:.]/g, '-')}`);
      this.#open(unwrap(CeremonyService.create(dir, { ...create, ...(notaryPin ? { notaryPin } : {}) }, this.#ceremonyOptions)));
    },
    resumeCeremony: ({ dir, pin }) => {
      const path = this.#ceremonyDir(dir);
      // The ceremony reopened after a restart is unlocked where it is: a wrong PIN leaves it shown, locked.
      if (this.#service?.dir === path && this.#service.locked) return unwrap(this.#service.unlock(pin));
      // The open ceremony stays open until the other one has opened: a wrong or missing PIN closes nothing.
      if (this.#service?.dir === path) this.#closeCeremony();
      const service = unwrap(CeremonyService.open(path, { ...this.#ceremonyOptions, pin }));
      this.#closeCeremony();
      this.#open(service);
    },
    listCeremonies: () => {
      const root = join(this.#dataDir, 'ceremonies');
      return readdirSync(root).sort().reverse().flatMap((name) => {
        const dir = join(root, name);
        if (this.#service?.dir === dir) {
          const { ceremony, phase, package: pkg } = this.#service.state;
          return [{ dir, period: ceremony?.period ?? '', phase, rehearsal: ceremony?.rehearsal ?? false, title: pkg?.title }];
        }
        const summary = CeremonyService.summary(dir);
        return summary.ok ? [{ dir, ...summary.value }] : [];
      });
    },
    importPackage: async (args) => {
      const s = this.#ceremony();
      if ('path' in args) {
        unwrap(await s.importPackage(args.path));
        return;
      }
      const upload = join(this.uploadsDir, `${args.upload}.zip`);
      if (!existsSync(upload)) failWith({ kind: 'upload-missing' });
      // An upload is imported once, whatever the outcome, then deleted: uploads never pile up.
      const imported = await s.importPackage(upload);
      rmSync(upload, { force: true });
      this.logOperation('upload', { upload: args.upload, imported: imported.ok, deleted: true });
      unwrap(imported);
    },
    confirmSealDigest: ({ pin }) => unwrap(this.#ceremony().confirmSealDigest(this.#auth(pin))),
    listPorts: async () => ({ ports: await this.#listed('ports', () => this.#devices.ballMachines.listPorts()) }),
    useSerialMachine: async ({ pin, ...settings }) => {
      const service = this.#ceremony();
      // In a real draw the ball source is part of what the draw depends on: the notary confirms it.
      if (!service.state.ceremony?.rehearsal) unwrap(service.checkNotary(this.#auth(pin), 'ball-source'));
      this.logOperation('ball-source', { source: 'serial', port: settings.path });
      await this.#useMachine(this.#devices.ballMachines.serial(settings), 'serial');
    },
    useVirtualMachine: async ({ balls, intervalMs, faults }) => {
      if (!this.#ceremony().state.ceremony?.rehearsal) failWith({ kind: 'simulator-in-real-draw' });
      const { package: pkg, balls: taken } = this.#ceremony().state;
      // Balls already taken (entered by hand, or from an earlier run) are not drawn again: it goes on at the next.
      await this.#useMachine(this.#devices.ballMachines.virtual({ balls, count: pkg?.balls, firstBall: taken.length + 1, intervalMs, faults: faults as Fault[] }), 'virtual');
    },
    enterManualBall: ({ hostDigit, notaryDigit, pin }) => unwrap(this.#ceremony().enterManualBall(hostDigit, notaryDigit, this.#auth(pin))),
    resolveAlarm: ({ decision, pin }) => unwrap(this.#ceremony().resolveBallAlarm(decision, this.#auth(pin))),
    voidLastBall: ({ reason, pin }) => unwrap(this.#ceremony().voidLastBall(reason, this.#auth(pin))),
    confirmSeed: ({ pin }) => unwrap(this.#ceremony().confirmSeed(this.#auth(pin))),
    computeResults: () => unwrap(this.#ceremony().computeResults()),
    revealTo: ({ pool, page }) => {
      const ceremony = this.#ceremony();
      // The fold knows no page size: a page past a pool's last is refused here, before it is journaled.
      const results = ceremony.state.results;
      if (results) {
        const pages = pool < results.pools.length ? revealPages(results, pool, this.#pageSize) : 0;
        if (page >= pages) failWith({ kind: 'reveal-range', pool, page, pages });
      }
      unwrap(ceremony.revealTo(pool, page));
    },
    setRevealPace: ({ intervalMs, running }) => (this.#pacer ?? failWith({ kind: 'no-ceremony' })).set(intervalMs, running),
    revealPage: ({ pool, page }) => this.#revealPage(pool, page),
    listDrives: async () => ({ drives: await this.#listed('drives', this.#devices.drives) }),
    writeBundle: async ({ target }) => {
      const service = this.#ceremony();
      const { results, reveal, bundles } = service.state;
      // Writing stops the recording (its digest goes into the bundle) and ends the reveal: not before the audience has seen every result.
      if (results && bundles.length === 0 && !this.#journalFacts(service).revealFinished) {
        failWith({ kind: 'reveal-unfinished', pools: results.pools.length, pool: reveal?.pool, page: reveal?.page });
      }
      await this.#checkBundleTarget(target);
      // The recording's digest goes into the bundle; one that cannot be finished leaves it out (OBS never holds the
      // ceremony up), and the host is told with the bundle.
      const recording = this.#obs ? await finishRecording(service, this.#obs.director) : undefined;
      if (recording && !recording.ok) this.logOperation('recording-left-out', { failure: recording.failure.kind });
      try {
        const fact = unwrap(await service.writeBundle(target, (progress) => this.#showBundleWrite({ target, ...progress })));
        return { name: fact.name, evidenceDigest: fact.evidenceDigest, ...(recording && !recording.ok ? { recordingLeftOut: recording.failure } : {}) };
      } finally {
        // This write's progress (not another's, refused as this one may be); the command's own view follows.
        if (this.#bundleWrite?.progress.target === target) this.#bundleWrite = undefined;
      }
    },
    connectObs: async ({ url, password }) => {
      await this.#disconnectObs();
      const director = this.#devices.obs({ url, password, scenes: DEFAULT_SCENES, stageUrl: this.#stageUrl });
      let connection = '';
      director.onStatus((st) => {
        if (st.connection !== connection) this.logOperation('obs-link', { connection: st.connection, reason: st.reason ?? '' });
        connection = st.connection;
        this.#changed();
      });
      this.#obs = { director, unfollow: this.#service ? followCeremony(this.#service, director) : () => {} };
      director.start();
    },
    prepareObs: async () => {
      const obs = this.#obs ?? failWith({ kind: 'obs-not-connected' });
      if (obs.director.status.connection !== 'connected') failWith({ kind: 'obs-not-connected' });
      await obs.director.prepare();
    },
    setStreaming: async ({ on }) => {
      const obs = this.#obs ?? failWith({ kind: 'obs-not-connected' });
      await obs.director.setStreaming(on);
    },
    closeCeremony: ({ pin }) => unwrap(this.#ceremony().close(this.#auth(pin))),
    abortCeremony: ({ reason, pin }) => unwrap(this.#ceremony().abort(reason, this.#auth(pin))),
    rotateTokens: () => {
      const urls = (this.#rotateTokens ?? failWith({ kind: 'no-server' }))();
      this.#stageUrl = urls.stageUrl;
      // OBS's browser source follows, or the livestream would show the stage shut out.
      this.#obs?.director.setStageUrl(urls.stageUrl);
      this.logOperation('tokens-rotated', {});
      this.#changed();
      return urls;
    },
  };

  #open(service: CeremonyService): void {
    this.#service = service;
    if (this.#obs) {
      this.#obs.unfollow();
      this.#obs = { ...this.#obs, unfollow: followCeremony(service, this.#obs.director) };
    }
    this.#pages.clear();
    this.#ignored = [];
    this.#pacer = new RevealPacer(service, this.#pageSize, () => this.#changed());
    this.#journalReader = new JournalReader(this.#pageSize);
    this.#unsubscribe = service.subscribe((state) => {
      if (ENDED.has(state.phase)) forgetOpenCeremony(this.#dataDir);
      this.#changed();
    });
    // Remembered, so that a restart reopens it; an ended one is only being looked at.
    if (ENDED.has(service.state.phase)) forgetOpenCeremony(this.#dataDir);
    else rememberOpenCeremony(this.#dataDir, basename(service.dir));
  }

  /**
   * The ceremony open when the kiosk stopped (crash, power cut or orderly stop), reopened locked:
   * every screen shows it at once, and it goes on once the notary's PIN resumes it. One without a
   * notary PIN (a rehearsal the software confirms) has no PIN to wait for and is unlocked at once.
   */
  #reopen(): void {
    const open = readOpenCeremony(this.#dataDir, join(this.#dataDir, 'ceremonies'));
    if (!open) return;
    if ('refused' in open) return this.logOperation('open-ceremony-refused', { reason: open.refused.slice(0, 200) });
    const reopened = CeremonyService.reopen(open.dir, this.#ceremonyOptions);
    if (!reopened.ok) return this.logOperation('ceremony-reopen-failed', { dir: open.dir, failure: reopened.failure.kind });
    const service = reopened.value;
    // Closed or aborted just before the kiosk stopped (the file not yet removed): nothing to reopen.
    if (ENDED.has(service.state.phase)) {
      service.dispose();
      return forgetOpenCeremony(this.#dataDir);
    }
    // Unlocking one without a PIN checks that no MAC was planted and the copies verify; if not, it stays locked and the resume says why.
    if (!service.state.ceremony?.notary) service.unlock(undefined);
    this.#open(service);
  }

  #closeCeremony(): void {
    void this.#stopMachine();
    this.#pacer?.dispose();
    this.#pacer = undefined;
    this.#unsubscribe?.();
    this.#service?.dispose();
    this.#service = undefined;
  }

  #ceremony(): CeremonyService {
    return this.#service ?? failWith({ kind: 'no-ceremony' });
  }

  /** Only folders under the kiosk's own ceremonies folder. */
  #ceremonyDir(dir: string): string {
    const root = join(this.#dataDir, 'ceremonies');
    const name = dir.startsWith(root) ? dir.slice(root.length + 1) : dir;
    if (!/^[^/\\]+$/.test(name) || name === '..' || name === '.') failWith({ kind: 'not-a-ceremony' });
    return join(root, name);
  }

  /**
   * The bundle goes only to a new folder directly on a removable drive listed now (the notary's
   * stick) or in a folder the host chose in the shell's dialog: never to a path a caller makes up.
   * With no drive listed (none inserted, or none can be listed), the stick is what is missing.
   */
  async #checkBundleTarget(target: string): Promise<void> {
    // Drives that cannot be listed are no drives: a folder chosen in the dialog still takes the bundle.
    const drives = (await this.#devices.drives().catch(() => [])).map((d) => resolve(d.mountPoint));
    const roots = [...drives, ...this.#chosenFolders];
    // The nearest folder that exists, with symlinks resolved: a link on the stick cannot lead off it.
    let existing = dirname(resolve(target));
    while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
    const real = realpathSync(existing);
    const inside = (root: string) => {
      const rel = relative(root, real);
      return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
    };
    if (!roots.some(inside)) failWith({ kind: drives.length === 0 ? 'stick-missing' : 'bundle-target' });
  }

  /**
   * The bundle's progress into the view: the first and the last count of each step always,
   * otherwise at most one view every BUNDLE_VIEW_MS (a view per chunk would flood both screens).
   */
  #showBundleWrite(progress: BundleWriteProgress): void {
    const now = performance.now();
    const edge = progress.step !== this.#bundleWrite?.progress.step || progress.filesDone === progress.files;
    const show = edge || now - this.#bundleWrite!.shownAt >= BUNDLE_VIEW_MS;
    this.#bundleWrite = { progress, shownAt: show ? now : this.#bundleWrite!.shownAt };
    if (show) this.#changed();
  }

  /** A device's listing, or why it could not be had. */
  async #listed<T>(device: 'ports' | 'drives', list: () => Promise<T>): Promise<T> {
    try {
      return await list();
    } catch (e) {
      return failWith({ kind: 'device-list-failed', device, detail: e instanceof Error ? e.message : String(e) });
    }
  }

  /** The notary's PIN; none at all means the rehearsal stand-in, which a real draw refuses. */
  #auth(pin: string | undefined): NotaryAuth {
    return pin ? { pin } : 'rehearsal-auto';
  }

  async #disconnectObs(): Promise<void> {
    const obs = this.#obs;
    this.#obs = undefined;
    if (!obs) return;
    obs.unfollow();
    await obs.director.stop();
  }

  async #useMachine(machine: BallMachine, source: 'serial' | 'virtual'): Promise<void> {
    const service = this.#ceremony();
    await this.#stopMachine();
    const intake = new BallIntake(service, machine, (note) => {
      this.#ignored.push({ time: note.time, reading: note.ball.reading, verdict: note.verdict });
      this.logOperation('reading-ignored', { n: note.ball.n, reading: note.ball.reading.slice(0, 100), verdict: note.verdict });
      this.#changed();
    });
    let link = '';
    let discarded = 0;
    let loggedAt = 0;
    machine.onStatus((st) => {
      if (st.link !== link) this.logOperation('machine-link', { port: st.port, link: st.link, reason: st.linkReason ?? '' });
      link = st.link;
      // Discarded sentences (noise, bad checksums) come in bursts: their counts are logged at most every 5 s.
      const total = Object.values(st.discarded).reduce((a, b) => a + b, 0);
      const now = Date.parse(this.#devices.clock());
      if (total !== discarded && now - loggedAt >= 5000) {
        this.logOperation('sentences-discarded', { port: st.port, ...st.discarded });
        discarded = total;
        loggedAt = now;
      }
      this.#changed();
    });
    this.#machine = { machine, intake, source };
    await machine.start();
  }

  async #stopMachine(): Promise<void> {
    const m = this.#machine;
    this.#machine = undefined;
    if (!m) return;
    m.intake.dispose();
    await m.machine.stop();
  }

  #journalFacts(service: CeremonyService): JournalFacts {
    return this.#journalReader!.read(service.records, service.state.results);
  }

  #revealPage(pool: number, page: number): RevealPage {
    const result = this.#ceremony().result ?? failWith({ kind: 'no-results' });
    const p = result.pools[pool] ?? failWith({ kind: 'reveal-range', pool, page });
    let rows = this.#pages.get(pool);
    if (!rows) {
      rows = resultRows(p.csv);
      this.#pages.set(pool, rows);
    }
    const pages = Math.max(1, Math.ceil(rows.length / this.#pageSize));
    if (page < 0 || page >= pages) failWith({ kind: 'reveal-range', pool, page, pages });
    return { pool, page, pages, rows: rows.slice(page * this.#pageSize, (page + 1) * this.#pageSize) };
  }

  #changed(): void {
    this.#version++;
    const view = this.view();
    for (const l of this.#listeners) l(view);
  }
}
