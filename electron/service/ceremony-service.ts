// The ceremony service: the one place where commands become journaled facts. The Electron
// shell, browser mode and the command line all drive a ceremony through it.
// Every fact is committed to the journal before state changes or anyone is told.
// Every public method that can fail returns an Outcome: inside, a typed failure is thrown where
// it is found and unwinds to the method, which `outcome` (electron/node/failure.ts) turns back.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ANNOUNCEMENT_FILE, ANNOUNCEMENT_PDF, GBK_DIR, JOURNAL_FILE, OPERATIONS_FILE, PACKAGE_DIR, README_FILE, REPORT_FILE, RESULTS_DIR, RESULTS_SUMMARY, evidenceDigestOf, sha256sums } from '../../draw-core/bundle-check.ts';
import type { Words } from '../../draw-core/bundle-words.ts';
import { apply, foldEvents, INITIAL_STATE, refusal, eventData, type AlarmDecision, type BallAlarm, type BallSource, type BundleFact, type CeremonyEvent, type RecordingFact,
  type CeremonyKind, type CeremonyState, type Confirmer, type NotaryKdf, type PackageFact } from '../../draw-core/ceremony.ts';
import { draw, type DrawResult } from '../../draw-core/draw.ts';
import { recordLine, type JournalRecord } from '../../draw-core/journal-chain.ts';
import type { SealedPackage } from '../../draw-core/package.ts';
import { resultsJson } from '../../draw-core/results.ts';
import { sha256Hex } from '../../draw-core/sha256.ts';
import type { Outcome } from '../contract/failures.ts';
import { writeBundle, type BundleFile, type BundleProgress, type ReadBackWay } from '../node/bundle-writer.ts';
import { failWith, outcome, outcomeOf } from '../node/failure.ts';
import { JournalStore } from '../node/journal-store.ts';
import { deriveNotaryKey, newNotaryKdf, pinProblem, recordMac, sameMac } from '../node/notary-key.ts';
import { OperationsLog, type OperationDetail } from '../node/operations-log.ts';
import { parseEvent } from '../../draw-core/ceremony-events.ts';
import { announcementHtml, announcementPdf, BUILT_IN_ORGANIZATION, gbkCsv } from '../node/publication.ts';
import { renderReport } from '../node/report.ts';
import { writeFileDurably } from '../node/files.ts';
import { nativeSha256, packageSource } from '../node/package-files.ts';
import { software } from '../node/software.ts';
import { verifierFiles } from '../node/verifier-files.ts';
import { bundleReadme } from './bundle-readme.ts';
import { importInWorker, loadPackageCopy, PACKAGES_DIR } from './package-import.ts';

export const JOURNAL_DB = 'journal.sqlite';
/** The ceremony folder's copies of the reports its bundles carry, for printing. */
const REPORTS_DIR = 'reports';
/** After this many wrong PINs in a row, each further attempt waits (see #pinGate). */
const FREE_PIN_ATTEMPTS = 5;

/** The notary's confirmation: the PIN, or in a rehearsal the software standing in. */
export type NotaryAuth = { readonly pin: string } | 'rehearsal-auto';

export interface CreateOptions {
  readonly period: string;
  readonly kind: CeremonyKind;
  readonly rehearsal: boolean;
  /** Set by the notary; required unless a rehearsal is confirmed automatically. */
  readonly notaryPin?: string;
  /** Printed on the report they sign: the kiosk always asks for them, `draw ceremony` for a real draw. */
  readonly venue?: string;
  readonly hostName?: string;
  readonly notaryName?: string;
  /** What the stage counts down to (isScheduledStart); checked by the command's schema or `draw ceremony --starts-at`. */
  readonly scheduledStart?: string | undefined;
}

export interface ServiceOptions {
  /** ISO 8601 time of now: journal times, the operational log, the PIN delay. */
  readonly clock?: (() => string) | undefined;
  /** Called right after each event is durable (tests use it to kill the process there). */
  readonly afterCommit?: ((record: JournalRecord) => void) | undefined;
  /** Where the product keeps the spec and the verifiers every bundle carries: the project's root unless a test says otherwise. */
  readonly productRoot?: string | undefined;
  /** Who publishes the results (the announcement's issuer): the kiosk's theme's organization; the built-in one by default. */
  readonly organization?: Words | undefined;
}

export class CeremonyService {
  readonly dir: string;
  readonly #journal: JournalStore;
  readonly #operations: OperationsLog;
  readonly #clock: () => string;
  /** The notary's key (from the PIN), only in memory; undefined in a rehearsal without a PIN. */
  #key: Buffer | undefined;
  readonly #afterCommit: ((record: JournalRecord) => void) | undefined;
  readonly #listeners = new Set<(state: CeremonyState) => void>();
  #state: CeremonyState = INITIAL_STATE;
  #package: SealedPackage | undefined;
  #result: DrawResult | undefined;
  #importing = false;
  #writingBundle = false;
  /** Reopened after a restart and not yet resumed with the notary's PIN (see `reopen`): nothing acts on it. */
  #locked = false;
  /** The record that entered the current phase. */
  #phaseSeq = 0;
  readonly #productRoot: string | undefined;
  readonly #organization: Words;

  private constructor(dir: string, options: ServiceOptions) {
    this.dir = dir;
    this.#clock = options.clock ?? (() => new Date().toISOString());
    this.#afterCommit = options.afterCommit;
    this.#productRoot = options.productRoot;
    this.#organization = options.organization ?? BUILT_IN_ORGANIZATION;
    mkdirSync(dir, { recursive: true });
    this.#journal = new JournalStore(join(dir, JOURNAL_DB));
    try {
      this.#operations = new OperationsLog(join(dir, OPERATIONS_FILE), this.#clock);
    } catch (e) {
      this.#journal.close();
      throw e;
    }
  }

  /** Whether `dir` holds a ceremony (a journal with at least its first event). */
  static exists(dir: string): Outcome<boolean> {
    return outcome(() => {
      if (!existsSync(join(dir, JOURNAL_DB))) return false;
      const store = new JournalStore(join(dir, JOURNAL_DB));
      try {
        return store.records.length > 0;
      } finally {
        store.close();
      }
    });
  }

  static create(dir: string, create: CreateOptions, options: ServiceOptions = {}): Outcome<CeremonyService> {
    return outcome(() => {
      // A ceremony this kiosk could not seal is not begun: what every bundle carries is checked first, not after the reveal.
      verifierFiles(options.productRoot);
      const service = new CeremonyService(dir, options);
      try {
        if (service.#journal.records.length > 0) failWith({ kind: 'ceremony-exists', dir });
        let notary;
        if (create.notaryPin !== undefined) {
          const problem = pinProblem(create.notaryPin);
          if (problem) failWith(problem);
          notary = newNotaryKdf();
          service.#key = deriveNotaryKey(create.notaryPin, notary);
        }
        service.#record({
          type: 'ceremony-created',
          data: {
            ceremonyId: crypto.randomUUID(), period: create.period, kind: create.kind, rehearsal: create.rehearsal, software: software(), ...(notary ? { notary } : {}),
            ...(create.venue === undefined ? {} : { venue: create.venue }),
            ...(create.hostName === undefined ? {} : { hostName: create.hostName }),
            ...(create.notaryName === undefined ? {} : { notaryName: create.notaryName }),
            ...(create.scheduledStart === undefined ? {} : { scheduledStart: create.scheduledStart }),
          },
        });
        return service;
      } catch (e) {
        service.dispose();
        throw e;
      }
    });
  }

  /**
   * Opens a ceremony: the chain re-checked, the facts re-folded, the notary's PIN checked against
   * every record's MAC (a ceremony with a PIN opens only with it), the package and results re-verified.
   */
  static open(dir: string, options: ServiceOptions & { readonly pin?: string | undefined } = {}): Outcome<CeremonyService> {
    return outcome(() => {
      const service = new CeremonyService(dir, options);
      try {
        service.#resume(options.pin);
        service.#operations.record('ceremony-resumed', { events: service.#journal.records.length, phase: service.#state.phase }, service.#clock());
        return service;
      } catch (e) {
        service.dispose();
        throw e;
      }
    });
  }

  /**
   * Reopens the ceremony that was open when the kiosk stopped, locked: the chain checked and the
   * facts folded, so every screen shows it as it is, but the MACs not checked (that takes the
   * notary's PIN, see `unlock`), so nothing acts on it until then.
   */
  static reopen(dir: string, options: ServiceOptions = {}): Outcome<CeremonyService> {
    return outcome(() => {
      const service = new CeremonyService(dir, options);
      try {
        service.#fold(service.#events());
        service.#locked = true;
        service.#operations.record('ceremony-reopened', { events: service.#journal.records.length, phase: service.#state.phase }, service.#clock());
        return service;
      } catch (e) {
        service.dispose();
        throw e;
      }
    });
  }

  /**
   * A ceremony as the resume list shows it, read without the PIN: the chain and the facts are
   * checked, the MACs are not (that needs the notary), so it is never continued from this.
   */
  static summary(dir: string): Outcome<{ period: string; phase: CeremonyState['phase']; rehearsal: boolean; title?: string | undefined }> {
    return outcome(() => {
      const store = new JournalStore(join(dir, JOURNAL_DB));
      try {
        const { state } = foldEvents(store.records.map((r) => parseEvent(r.type, r.data)).flatMap((e) => (e.ok ? [e.event] : [])));
        return { period: state.ceremony?.period ?? '', phase: state.phase, rehearsal: state.ceremony?.rehearsal ?? false, title: state.package?.title };
      } finally {
        store.close();
      }
    });
  }

  #resume(pin: string | undefined): void {
    const events = this.#events();
    this.#checkMacs(notaryOf(events), pin);
    this.#fold(events);
    this.#verifyCopies();
  }

  /** Resumes a reopened ceremony as `open` does (the PIN, every MAC, the package and the results checked); a failure leaves it locked. */
  unlock(pin: string | undefined): Outcome<void> {
    return outcome(() => {
      if (!this.#locked) return;
      this.#checkMacs(notaryOf(this.#events()), pin);
      this.#verifyCopies();
      this.#locked = false;
      this.#operations.record('ceremony-resumed', { events: this.#journal.records.length, phase: this.#state.phase }, this.#clock());
    });
  }

  /** Reopened after a restart and waiting for the notary's PIN. */
  get locked(): boolean {
    return this.#locked;
  }

  /** When the current phase began: the journal time of the record that entered it. */
  get phaseSince(): string {
    return this.#journal.records[this.#phaseSeq - 1]?.time ?? '';
  }

  #events(): CeremonyEvent[] {
    return this.#journal.records.map((r) => {
      const e = parseEvent(r.type, r.data);
      if (!e.ok) failWith({ kind: 'journal-broken', file: this.#journal.path, seq: r.seq, words: { zh: e.zh, en: e.en } });
      return e.event;
    });
  }

  #fold(events: readonly CeremonyEvent[]): void {
    const { state, refused } = foldEvents(events);
    if (refused) failWith({ kind: 'journal-broken', file: this.#journal.path, seq: refused.seq, words: { zh: refused.refusal.zh, en: refused.refusal.en } });
    this.#state = state;
    this.#phaseSeq = phaseEnteredAt(events);
  }

  /** The ceremony folder's copy of the package, and the results recomputed from it, as journaled. */
  #verifyCopies(): void {
    const state = this.#state;
    if (state.package) this.#package = this.#loadPackageCopy(state.package.sealDigest);
    if (state.results) {
      this.#result = this.#computeDraw();
      if (this.#resultsFact(this.#result).resultsJsonSha256 !== state.results.resultsJsonSha256) failWith({ kind: 'results-differ', file: this.#journal.path });
    }
  }

  /**
   * With a notary key: the PIN opens it, then every record's MAC must match. Without one (a
   * rehearsal confirmed by the software), no record may carry a MAC: a journal whose key was
   * stripped is as tampered as one whose records were rewritten.
   */
  #checkMacs(kdf: NotaryKdf | undefined, pin: string | undefined): void {
    const records = this.#journal.records;
    if (!kdf) {
      const marked = records.find((r) => this.#journal.macOf(r.seq) !== undefined);
      if (marked) this.#tampered(marked.seq);
      return;
    }
    if (pin === undefined) failWith({ kind: 'pin-needed' });
    if (this.#journal.macOf(1) === undefined) this.#tampered(1);
    this.#pinGate();
    const key = deriveNotaryKey(pin, kdf);
    const first = records[0]!;
    if (!sameMac(recordMac(key, first.hash), this.#journal.macOf(1) ?? '')) {
      this.#logPin(false, 'resume');
      failWith({ kind: 'pin-wrong', onResume: true });
    }
    this.#logPin(true, 'resume');
    const bad = records.find((r) => !sameMac(recordMac(key, r.hash), this.#journal.macOf(r.seq) ?? ''));
    if (bad) this.#tampered(bad.seq);
    this.#key = key;
  }

  #tampered(seq: number): never {
    this.#operations.record('journal-tampered', { seq }, this.#clock());
    return failWith({ kind: 'tampered', file: this.#journal.path, seq });
  }

  get state(): CeremonyState {
    return this.#state;
  }

  get records(): readonly JournalRecord[] {
    return this.#journal.records;
  }

  /** Calls `listener` after every committed event; returns the unsubscribe function. */
  subscribe(listener: (state: CeremonyState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Reads and verifies the package, copies it into the ceremony folder and verifies the copy,
   * all in a worker thread (package-import.ts); the fact is checked before anything is copied
   * and journaled here. One import at a time.
   */
  async importPackage(path: string): Promise<Outcome<PackageFact>> {
    return outcomeOf(async () => {
      if (this.#importing) failWith({ kind: 'import-running' });
      this.#importing = true;
      try {
        const pkg = await importInWorker({ path, ceremonyDir: this.dir }, (verified) => this.#check({ type: 'package-imported', data: packageFact(verified) }));
        const event = { type: 'package-imported', data: packageFact(pkg) } as const;
        this.#check(event); // the ceremony may have moved on while the copy was made
        this.#package = pkg;
        this.#record(event);
        return event.data;
      } finally {
        this.#importing = false;
      }
    });
  }

  confirmSealDigest(auth: NotaryAuth): Outcome<void> {
    return outcome(() => {
      const sealDigest = this.#state.package?.sealDigest ?? '';
      this.#record({ type: 'seal-digest-confirmed', data: { sealDigest, by: this.#confirmer(auth, 'confirm-seal-digest') } });
    });
  }

  recordBall(n: number, digit: string, source: BallSource, reading: string): Outcome<void> {
    return outcome(() => this.#record({ type: 'ball-drawn', data: { n, digit, source, reading } }));
  }

  /** Voids the last ball recorded; the machine's next reading for that index is then taken. */
  voidLastBall(reason: string, auth: NotaryAuth): Outcome<void> {
    return outcome(() => {
      const n = this.#state.balls.length;
      this.#record({ type: 'ball-voided', data: { n, digit: this.#state.balls[n - 1] ?? '', reason, by: this.#confirmer(auth, 'void-ball') } });
    });
  }

  /** Halts the draw on a reading that breaks the protocol's rules (see BallIntake). */
  raiseBallAlarm(alarm: BallAlarm): Outcome<void> {
    return outcome(() => this.#record({ type: 'ball-alarm', data: alarm }));
  }

  /**
   * The host's decision on the open alarm, confirmed by the notary. For a conflict, the
   * conflicting ball and any after it are voided first, each journaled.
   */
  resolveBallAlarm(decision: AlarmDecision, auth: NotaryAuth): Outcome<void> {
    return outcome(() => {
      const alarm = this.#state.alarm;
      // With no alarm open the fold refuses the decision in its own words, before any PIN is asked.
      if (!alarm) return this.#check({ type: 'ball-alarm-resolved', data: { decision, by: 'notary' } });
      const by = this.#confirmer(auth, 'resolve-alarm');
      while (alarm.kind === 'conflict' && this.#state.balls.length >= alarm.n) {
        const n = this.#state.balls.length;
        const reason = `警报：第 ${alarm.n} 个球读数冲突（${alarm.reading}）/ alarm: conflicting reading for ball ${alarm.n} (${alarm.reading})`;
        this.#record({ type: 'ball-voided', data: { n, digit: this.#state.balls[n - 1]!, reason, by } });
      }
      this.#record({ type: 'ball-alarm-resolved', data: { decision, by } });
    });
  }

  /**
   * Manual dual entry: the host and the notary each type the digit without seeing the
   * other's; only two agreeing entries make a ball. A disagreement is refused, nothing kept.
   */
  enterManualBall(hostDigit: string, notaryDigit: string, auth: NotaryAuth): Outcome<void> {
    return outcome(() => {
      const by = this.#confirmer(auth, 'manual-ball');
      const n = this.#state.balls.length + 1;
      if (hostDigit !== notaryDigit) failWith({ kind: 'manual-disagree', n, hostDigit, notaryDigit });
      this.#record({ type: 'ball-drawn', data: { n, digit: hostDigit, source: 'manual', reading: `host: ${hostDigit}, notary: ${notaryDigit} (${by})` } });
    });
  }

  confirmSeed(auth: NotaryAuth): Outcome<void> {
    return outcome(() => this.#record({ type: 'seed-confirmed', data: { seed: this.#state.balls.join(''), by: this.#confirmer(auth, 'confirm-seed') } }));
  }

  computeResults(): Outcome<void> {
    return outcome(() => {
      const probe = { type: 'results-computed', data: { masterSeed: '', resultsJsonSha256: '', pools: [] } } as const;
      this.#check(probe);
      const result = this.#computeDraw();
      this.#record({ type: 'results-computed', data: this.#resultsFact(result) });
      this.#result = result;
    });
  }

  revealTo(pool: number, page: number): Outcome<void> {
    return outcome(() => this.#record({ type: 'reveal-progressed', data: { pool, page } }));
  }

  /** The archive recording, complete (OBS reported it stopped): journaled, so the bundle lists it. */
  recordRecording(recording: RecordingFact): Outcome<void> {
    return outcome(() => this.#record({ type: 'recording-finished', data: recording }));
  }

  /** Where the ceremony folder keeps a bundle's report (named by its evidence digest: always a plain file name). */
  reportCopy(bundle: BundleFact): string {
    return join(this.dir, REPORTS_DIR, `${bundle.evidenceDigest}.pdf`);
  }

  /**
   * Writes the evidence bundle to `target` (complete and read back, or not at all), telling
   * `onProgress` as it goes, then journals it; how each file was read back goes into the
   * operational log.
   */
  async writeBundle(target: string, onProgress?: (progress: BundleProgress) => void): Promise<Outcome<BundleFact>> {
    return outcomeOf(async () => {
      if (this.#writingBundle) failWith({ kind: 'bundle-write-running' });
      this.#check({ type: 'bundle-written', data: { name: '', evidenceDigest: '', files: 0 } });
      this.#writingBundle = true;
      try {
        const files = await this.#bundleFiles();
        const { fact, readBack } = await writeBundle(target, files, { onProgress });
        this.#operations.record('bundle-read-back', readBackDetail(fact.name, readBack), this.#clock());
        this.#record({ type: 'bundle-written', data: fact });
        // The report to print stays with the ceremony: after a restart, or once the notary has taken the stick.
        const report = files.find((f) => f.name === REPORT_FILE)!;
        mkdirSync(join(this.dir, REPORTS_DIR), { recursive: true });
        writeFileDurably(this.reportCopy(fact), report.bytes);
        return fact;
      } finally {
        this.#writingBundle = false;
      }
    });
  }

  close(auth: NotaryAuth): Outcome<void> {
    return outcome(() => this.#record({ type: 'ceremony-closed', data: { by: this.#confirmer(auth, 'close') } }));
  }

  abort(reason: string, auth: NotaryAuth): Outcome<void> {
    return outcome(() => this.#record({ type: 'ceremony-aborted', data: { reason, by: this.#confirmer(auth, 'abort') } }));
  }

  /** The results, once computed. */
  get result(): DrawResult | undefined {
    return this.#result;
  }

  /** The last record's hash: what the stage shows and the report lists, so the recording witnesses it. */
  get journalHead(): string {
    return this.#journal.records.at(-1)?.hash ?? '';
  }

  /** The notary's PIN for an action that is not itself a journaled fact (e.g. choosing the ball source). */
  checkNotary(auth: NotaryAuth, action: string): Outcome<Confirmer> {
    return outcome(() => {
      const by = this.#confirmer(auth, action);
      // The fold's own rule on who confirms a fact, in its own words: a real draw takes no stand-in.
      if (by === 'rehearsal-auto' && !this.#state.ceremony?.rehearsal) this.#check({ type: 'ceremony-aborted', data: { reason: action, by } });
      return by;
    });
  }

  /** Now, by the ceremony's clock (the injected one): for what is noted beside the journal. */
  now(): string {
    return this.#clock();
  }

  /** Appends to this ceremony's operational log. */
  logOperation(kind: string, detail: OperationDetail): void {
    this.#operations.record(kind, detail, this.#clock());
  }

  get operations(): OperationsLog {
    return this.#operations;
  }

  dispose(): void {
    this.#journal.close();
    this.#operations.close();
  }

  #check(event: CeremonyEvent): void {
    this.#unlocked();
    const r = refusal(this.#state, event);
    if (r) failWith({ kind: 'refused', rule: r.code, words: { zh: r.zh, en: r.en } });
  }

  #record(event: CeremonyEvent): void {
    this.#check(event);
    const key = this.#key;
    const record = this.#journal.append(event.type, eventData(event), this.#clock(), key && ((hash) => recordMac(key, hash)));
    const before = this.#state.phase;
    this.#state = apply(this.#state, event, record.seq);
    if (this.#state.phase !== before) this.#phaseSeq = record.seq;
    this.#afterCommit?.(record);
    for (const listener of this.#listeners) listener(this.#state);
  }

  /** The notary's confirmation: every PIN attempt is logged, and wrong ones in a row slow the next (#pinGate). */
  #confirmer(auth: NotaryAuth, action: string): Confirmer {
    this.#unlocked();
    if (auth === 'rehearsal-auto') return 'rehearsal-auto';
    const kdf = this.#state.ceremony?.notary;
    if (!kdf || !this.#key) failWith({ kind: 'pin-not-set' });
    this.#pinGate();
    const ok = sameMac(recordMac(deriveNotaryKey(auth.pin, kdf), this.#journal.records[0]!.hash), this.#journal.macOf(1) ?? '');
    this.#logPin(ok, action);
    if (!ok) failWith({ kind: 'pin-wrong', onResume: false });
    return 'notary';
  }

  /** A locked ceremony takes no fact and no confirmation until the notary's PIN has unlocked it. */
  #unlocked(): void {
    if (this.#locked) failWith({ kind: 'locked' });
  }

  #logPin(ok: boolean, action: string): void {
    this.#operations.record('pin-attempt', { ok, action }, this.#clock());
  }

  /**
   * After FREE_PIN_ATTEMPTS wrong PINs in a row (counted from the operational log, so a restart
   * does not reset it), each attempt must wait 5 s, doubling per further failure, up to 15 min.
   */
  #pinGate(): void {
    let failures = 0;
    let last = '';
    for (const e of this.#operations.entries) {
      if (e.type !== 'pin-attempt') continue;
      const ok = (e.data as { ok?: unknown }).ok === true;
      failures = ok ? 0 : failures + 1;
      last = e.time;
    }
    if (failures < FREE_PIN_ATTEMPTS) return;
    const waitMs = Math.min(5000 * 2 ** (failures - FREE_PIN_ATTEMPTS), 15 * 60_000);
    const left = Date.parse(last) + waitMs - Date.parse(this.#clock());
    if (left > 0) {
      const seconds = Math.ceil(left / 1000);
      this.#operations.record('pin-delayed', { failures, seconds }, this.#clock());
      failWith({ kind: 'pin-wait', failures, seconds });
    }
  }

  #loadPackageCopy(sealDigest: string): SealedPackage {
    return loadPackageCopy(this.dir, sealDigest);
  }

  #computeDraw(): DrawResult {
    return draw(this.#package!, this.#state.seed!, { file: this.#journal.path }, nativeSha256);
  }

  #summaryBytes(result: DrawResult): Uint8Array {
    const { ceremonyId, rehearsal } = this.#state.ceremony!;
    return resultsJson({ ...result.summary, ceremonyId, rehearsal });
  }

  #resultsFact(result: DrawResult) {
    return {
      masterSeed: result.summary.masterSeed,
      resultsJsonSha256: sha256Hex(this.#summaryBytes(result), nativeSha256),
      pools: result.pools.map((p) => ({ id: p.summary.id, sha256: p.summary.sha256, winners: p.summary.winners, alternatesDrawn: p.summary.alternatesDrawn })),
    };
  }

  /**
   * The files of the evidence bundle as it would be written now (SHA256SUMS is added on
   * writing), the signed report among them, carrying the digest of all the others.
   */
  async bundleFiles(): Promise<Outcome<BundleFile[]>> {
    return outcomeOf(() => this.#bundleFiles());
  }

  async #bundleFiles(): Promise<BundleFile[]> {
    if (!this.#result) failWith({ kind: 'no-results' });
    const result = this.#result;
    const packageDir = join(this.dir, PACKAGES_DIR, this.#package!.sealDigest);
    const source = packageSource(packageDir);
    const evidence: BundleFile[] = [
      ...verifierFiles(this.#productRoot), // first: a missing one (since the creation) stops the bundle before anything is rendered
      ...readdirSync(packageDir).sort().map((name) => ({ name: `${PACKAGE_DIR}/${name}`, bytes: source.read(name)! })),
      ...result.pools.map((p) => ({ name: `${RESULTS_DIR}/${p.summary.file}`, bytes: p.csv })),
      { name: `${RESULTS_DIR}/${RESULTS_SUMMARY}`, bytes: this.#summaryBytes(result) },
      { name: JOURNAL_FILE, bytes: new TextEncoder().encode(this.#journal.records.map((r) => `${recordLine(r)}\n`).join('')) },
      { name: README_FILE, bytes: new TextEncoder().encode(bundleReadme(this.#state)) },
      { name: OPERATIONS_FILE, bytes: this.#operations.bytes() },
      ...result.pools.map((p) => ({ name: `${GBK_DIR}/${p.summary.file}`, bytes: gbkCsv(p.csv) })),
      { name: ANNOUNCEMENT_FILE, bytes: new TextEncoder().encode(announcementHtml(this.#state, result, this.#journal.records, this.#organization)) },
      { name: ANNOUNCEMENT_PDF, bytes: await announcementPdf(this.#state, result, this.#journal.records, this.#organization) },
    ];
    const evidenceDigest = evidenceDigestOf(sha256sums(evidence, nativeSha256), nativeSha256);
    return [...evidence, { name: REPORT_FILE, bytes: await renderReport(this.#state, this.#journal.records, this.#operations.entries, evidenceDigest, this.#clock()) }];
  }
}

/** The notary's key parameters, from the first event. */
function notaryOf(events: readonly CeremonyEvent[]): NotaryKdf | undefined {
  return events[0]?.type === 'ceremony-created' ? events[0].data.notary : undefined;
}

/** The seq of the record that entered the phase the events end in: the last one that changed it. */
function phaseEnteredAt(events: readonly CeremonyEvent[]): number {
  let state = INITIAL_STATE;
  let at = 0;
  events.forEach((event, i) => {
    const next = apply(state, event, i + 1);
    if (next.phase !== state.phase) at = i + 1;
    state = next;
  });
  return at;
}

function packageFact(pkg: Pick<SealedPackage, 'sealDigest' | 'manifest'>): PackageFact {
  const m = pkg.manifest;
  return {
    sealDigest: pkg.sealDigest,
    period: m.period,
    title: m.title,
    balls: m.balls,
    pools: m.pools,
  };
}

/**
 * Which way each file was read back (bundle-writer.ts readFromMedium): the names read from the
 * medium, and those read through the OS's cache with the reason, for the operational log.
 */
function readBackDetail(bundle: string, ways: readonly ReadBackWay[]): OperationDetail {
  const cached = ways.filter((w) => w.way === 'cached');
  return {
    bundle,
    files: ways.length,
    direct: ways.filter((w) => w.way === 'direct').map((w) => w.file).join(' '),
    cached: cached.map((w) => `${w.file} (${w.reason ?? ''})`).join(', '),
  };
}
