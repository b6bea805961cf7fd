// The ceremony service: the one place where commands become journaled facts. The Electron
// shell, the browser host and the command line all drive a ceremony through it.
// Every fact is committed to the journal before state changes or anyone is told.
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { JOURNAL_FILE, PACKAGE_DIR, README_FILE, RESULTS_DIR, RESULTS_SUMMARY, sha256sums } from '../../draw-core/bundle-check.ts';
import { apply, foldEvents, INITIAL_STATE, refusal, toEvent, eventData, type AlarmDecision, type BallAlarm, type BallSource, type BundleFact, type CeremonyEvent, type RecordingFact,
  type CeremonyKind, type CeremonyState, type Confirmer, type PackageFact, type Refusal } from '../../draw-core/ceremony.ts';
import { draw, type DrawResult } from '../../draw-core/draw.ts';
import { fail } from '../../draw-core/errors.ts';
import { recordLine, type JournalRecord } from '../../draw-core/journal-chain.ts';
import { MANIFEST_FILE } from '../../draw-core/manifest.ts';
import { readPackage, type SealedPackage } from '../../draw-core/package.ts';
import { resultsJson } from '../../draw-core/results.ts';
import { sha256Hex } from '../../draw-core/sha256.ts';
import { writeBundle, type BundleFile } from '../node/bundle-writer.ts';
import { fsyncDir, writeFileDurably } from '../node/files.ts';
import { JournalStore } from '../node/journal-store.ts';
import { pinMatches, pinProblem, storePin } from '../node/notary-pin.ts';
import { announcementHtml, announcementPdf, gbkCsv } from '../node/publication.ts';
import { renderReport, REPORT_FILE } from '../node/report.ts';
import { nativeSha256, packageSource } from '../node/package-files.ts';
import { software } from '../node/software.ts';
import { bundleReadme } from './bundle-readme.ts';

export const JOURNAL_DB = 'journal.sqlite';
const PIN_FILE = 'notary-pin.json';
const PACKAGES_DIR = 'packages';

/** The notary's confirmation: the PIN, or in a rehearsal the software standing in. */
export type NotaryAuth = { readonly pin: string } | 'rehearsal-auto';

export class CeremonyRefusedError extends Error {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  constructor(r: Refusal) {
    super(`${r.zh} / ${r.en}`);
    this.name = 'CeremonyRefusedError';
    this.code = r.code;
    this.zh = r.zh;
    this.en = r.en;
  }
}

export interface CreateOptions {
  readonly period: string;
  readonly kind: CeremonyKind;
  readonly rehearsal: boolean;
  /** Set by the notary; required unless a rehearsal is confirmed automatically. */
  readonly notaryPin?: string;
}

export interface ServiceOptions {
  readonly clock?: (() => string) | undefined;
  /** Called right after each event is durable (tests use it to kill the process there). */
  readonly afterCommit?: ((record: JournalRecord) => void) | undefined;
}

export class CeremonyService {
  readonly dir: string;
  readonly #journal: JournalStore;
  readonly #clock: () => string;
  readonly #afterCommit: ((record: JournalRecord) => void) | undefined;
  readonly #listeners = new Set<(state: CeremonyState) => void>();
  #state: CeremonyState = INITIAL_STATE;
  #package: SealedPackage | undefined;
  #result: DrawResult | undefined;

  private constructor(dir: string, options: ServiceOptions) {
    this.dir = dir;
    this.#clock = options.clock ?? (() => new Date().toISOString());
    this.#afterCommit = options.afterCommit;
    mkdirSync(dir, { recursive: true });
    this.#journal = new JournalStore(join(dir, JOURNAL_DB));
  }

  /** Whether `dir` holds a ceremony (a journal with at least its first event). */
  static exists(dir: string): boolean {
    if (!existsSync(join(dir, JOURNAL_DB))) return false;
    const store = new JournalStore(join(dir, JOURNAL_DB));
    try {
      return store.records.length > 0;
    } finally {
      store.close();
    }
  }

  static create(dir: string, create: CreateOptions, options: ServiceOptions = {}): CeremonyService {
    const service = new CeremonyService(dir, options);
    try {
      if (service.#journal.records.length > 0) service.#refuse('already-created', '此目录已有仪式', 'this folder holds a ceremony already');
      if (create.notaryPin !== undefined) {
        const problem = pinProblem(create.notaryPin);
        if (problem) service.#refuse('pin-invalid', problem.zh, problem.en);
        storePin(join(dir, PIN_FILE), create.notaryPin);
      } else if (!create.rehearsal) {
        service.#refuse('pin-required', '正式摇号须由公证员设置 PIN', 'a real draw needs the notary to set a PIN');
      }
      service.#record({
        type: 'ceremony-created',
        data: { ceremonyId: crypto.randomUUID(), period: create.period, kind: create.kind, rehearsal: create.rehearsal, software: software() },
      });
      return service;
    } catch (e) {
      service.dispose();
      throw e;
    }
  }

  /** Opens a ceremony: the chain re-checked, the facts re-folded, the package and results re-verified. */
  static open(dir: string, options: ServiceOptions = {}): CeremonyService {
    const service = new CeremonyService(dir, options);
    try {
      service.#resume();
      return service;
    } catch (e) {
      service.dispose();
      throw e;
    }
  }

  #resume(): void {
    const events = this.#journal.records.map((r) => toEvent(r.type, r.data));
    const unknown = events.findIndex((e) => e === undefined);
    if (unknown >= 0) fail({ file: this.#journal.path }, 'journal-event', `第 ${unknown + 1} 条事件类型未知`, `record ${unknown + 1} has an unknown event type`);
    const { state, refused } = foldEvents(events as CeremonyEvent[]);
    if (refused) {
      fail({ file: this.#journal.path }, 'journal-event', `第 ${refused.seq} 条事件不应被记录：${refused.refusal.zh}`, `record ${refused.seq} should never have been recorded: ${refused.refusal.en}`);
    }
    this.#state = state;
    if (state.package) this.#package = this.#loadPackageCopy(state.package.sealDigest);
    if (state.results) {
      this.#result = this.#computeDraw();
      if (this.#resultsFact(this.#result).resultsJsonSha256 !== state.results.resultsJsonSha256) {
        fail({ file: this.#journal.path }, 'results-differ', '重新计算的结果与日志所载不符', 'the recomputed results differ from the journaled ones');
      }
    }
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

  importPackage(path: string): PackageFact {
    const pkg = readPackage(packageSource(path), nativeSha256);
    const fact = packageFact(pkg);
    this.#check({ type: 'package-imported', data: fact });
    this.#copyPackage(pkg, path);
    this.#package = this.#loadPackageCopy(pkg.sealDigest);
    this.#record({ type: 'package-imported', data: fact });
    return fact;
  }

  confirmSealDigest(auth: NotaryAuth): void {
    const sealDigest = this.#state.package?.sealDigest ?? '';
    this.#record({ type: 'seal-digest-confirmed', data: { sealDigest, by: this.#confirmer(auth) } });
  }

  recordBall(n: number, digit: string, source: BallSource, reading: string): void {
    this.#record({ type: 'ball-drawn', data: { n, digit, source, reading } });
  }

  /** Voids the last ball recorded; the machine's next reading for that index is then taken. */
  voidLastBall(reason: string, auth: NotaryAuth): void {
    const n = this.#state.balls.length;
    this.#record({ type: 'ball-voided', data: { n, digit: this.#state.balls[n - 1] ?? '', reason, by: this.#confirmer(auth) } });
  }

  /** Halts the draw on a reading that breaks the protocol's rules (see BallIntake). */
  raiseBallAlarm(alarm: BallAlarm): void {
    this.#record({ type: 'ball-alarm', data: alarm });
  }

  /**
   * The host's decision on the open alarm, confirmed by the notary. For a conflict, the
   * conflicting ball and any after it are voided first, each journaled.
   */
  resolveBallAlarm(decision: AlarmDecision, auth: NotaryAuth): void {
    const alarm = this.#state.alarm;
    if (!alarm) this.#refuse('no-alarm', '没有待处理的警报', 'there is no open alarm');
    const by = this.#confirmer(auth);
    while (alarm.kind === 'conflict' && this.#state.balls.length >= alarm.n) {
      const n = this.#state.balls.length;
      const reason = `警报：第 ${alarm.n} 个球读数冲突（${alarm.reading}）/ alarm: conflicting reading for ball ${alarm.n} (${alarm.reading})`;
      this.#record({ type: 'ball-voided', data: { n, digit: this.#state.balls[n - 1]!, reason, by } });
    }
    this.#record({ type: 'ball-alarm-resolved', data: { decision, by } });
  }

  /**
   * Manual dual entry: the host and the notary each type the digit without seeing the
   * other's; only two agreeing entries make a ball. A disagreement is refused, nothing kept.
   */
  enterManualBall(hostDigit: string, notaryDigit: string, auth: NotaryAuth): void {
    const by = this.#confirmer(auth);
    const n = this.#state.balls.length + 1;
    if (hostDigit !== notaryDigit) {
      this.#refuse('manual-disagree', `第 ${n} 个球：主持人录入 ${hostDigit}，公证员录入 ${notaryDigit}，不一致，未接受`, `ball ${n}: the host entered ${hostDigit}, the notary ${notaryDigit}; they differ, nothing is accepted`);
    }
    this.recordBall(n, hostDigit, 'manual', `host: ${hostDigit}, notary: ${notaryDigit} (${by})`);
  }

  confirmSeed(auth: NotaryAuth): void {
    this.#record({ type: 'seed-confirmed', data: { seed: this.#state.balls.join(''), by: this.#confirmer(auth) } });
  }

  computeResults(): void {
    const probe = { type: 'results-computed', data: { masterSeed: '', resultsJsonSha256: '', pools: [] } } as const;
    this.#check(probe);
    const result = this.#computeDraw();
    this.#record({ type: 'results-computed', data: this.#resultsFact(result) });
    this.#result = result;
  }

  revealTo(pool: number, page: number): void {
    this.#record({ type: 'reveal-progressed', data: { pool, page } });
  }

  /** The archive recording, complete (OBS reported it stopped): journaled, so the bundle lists it. */
  recordRecording(recording: RecordingFact): void {
    this.#record({ type: 'recording-finished', data: recording });
  }

  /** Writes the evidence bundle to `target` (complete and read back, or not at all), then journals it. */
  async writeBundle(target: string): Promise<BundleFact> {
    this.#check({ type: 'bundle-written', data: { name: '', sha256sums: '', files: 0 } });
    const fact = writeBundle(target, await this.bundleFiles());
    this.#record({ type: 'bundle-written', data: fact });
    return fact;
  }

  close(auth: NotaryAuth): void {
    this.#record({ type: 'ceremony-closed', data: { by: this.#confirmer(auth) } });
  }

  abort(reason: string, auth: NotaryAuth): void {
    this.#record({ type: 'ceremony-aborted', data: { reason, by: this.#confirmer(auth) } });
  }

  /** The results, once computed. */
  get result(): DrawResult | undefined {
    return this.#result;
  }

  dispose(): void {
    this.#journal.close();
  }

  #check(event: CeremonyEvent): void {
    const r = refusal(this.#state, event);
    if (r) throw new CeremonyRefusedError(r);
  }

  #record(event: CeremonyEvent): void {
    this.#check(event);
    const record = this.#journal.append(event.type, eventData(event), this.#clock());
    this.#state = apply(this.#state, event, record.seq);
    this.#afterCommit?.(record);
    for (const listener of this.#listeners) listener(this.#state);
  }

  #refuse(code: string, zh: string, en: string): never {
    throw new CeremonyRefusedError({ code, zh, en });
  }

  #confirmer(auth: NotaryAuth): Confirmer {
    if (auth === 'rehearsal-auto') return 'rehearsal-auto';
    const pinFile = join(this.dir, PIN_FILE);
    if (!existsSync(pinFile)) this.#refuse('no-pin', '本仪式未设置公证员 PIN', 'no notary PIN was set for this ceremony');
    if (!pinMatches(pinFile, auth.pin)) this.#refuse('pin-wrong', '公证员 PIN 不正确', 'the notary PIN is wrong');
    return 'notary';
  }

  /** The package is kept, read-only, in packages/<seal digest>/: written whole, then renamed into place. */
  #copyPackage(pkg: SealedPackage, from: string): void {
    const dir = join(this.dir, PACKAGES_DIR, pkg.sealDigest);
    if (existsSync(dir)) return;
    const temp = `${dir}.partial`;
    rmSync(temp, { recursive: true, force: true });
    mkdirSync(temp, { recursive: true });
    const source = packageSource(from);
    for (const name of [MANIFEST_FILE, ...pkg.manifest.pools.map((p) => p.file)]) {
      const path = join(temp, name);
      if (existsSync(path)) continue; // two pools may share one file
      writeFileDurably(path, source.read(name)!, 'wx');
      chmodSync(path, 0o444);
    }
    fsyncDir(temp);
    renameSync(temp, dir);
    chmodSync(dir, 0o555);
    fsyncDir(join(this.dir, PACKAGES_DIR));
  }

  #loadPackageCopy(sealDigest: string): SealedPackage {
    const dir = join(this.dir, PACKAGES_DIR, sealDigest);
    const pkg = readPackage(packageSource(dir), nativeSha256);
    if (pkg.sealDigest !== sealDigest) {
      fail({ file: join(dir, MANIFEST_FILE) }, 'package-changed', `仪式目录中的数据包已被改动（封存摘要 ${pkg.sealDigest}）`, `the ceremony's copy of the package has changed (seal digest ${pkg.sealDigest})`);
    }
    return pkg;
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
  async bundleFiles(): Promise<BundleFile[]> {
    if (!this.#result) this.#refuse('no-results', '尚无结果', 'there are no results yet');
    const result = this.#result;
    const packageDir = join(this.dir, PACKAGES_DIR, this.#package!.sealDigest);
    const source = packageSource(packageDir);
    const evidence: BundleFile[] = [
      ...readdirSync(packageDir).sort().map((name) => ({ name: `${PACKAGE_DIR}/${name}`, bytes: source.read(name)! })),
      ...result.pools.map((p) => ({ name: `${RESULTS_DIR}/${p.summary.file}`, bytes: p.csv })),
      { name: `${RESULTS_DIR}/${RESULTS_SUMMARY}`, bytes: this.#summaryBytes(result) },
      { name: JOURNAL_FILE, bytes: new TextEncoder().encode(this.#journal.records.map((r) => `${recordLine(r)}\n`).join('')) },
      { name: README_FILE, bytes: new TextEncoder().encode(bundleReadme(this.#state)) },
      ...result.pools.map((p) => ({ name: `publication/gbk/${p.summary.file}`, bytes: gbkCsv(p.csv) })),
      { name: 'announcement.html', bytes: new TextEncoder().encode(announcementHtml(this.#state, result)) },
      { name: 'announcement.pdf', bytes: await announcementPdf(this.#state, result) },
    ];
    const evidenceDigest = sha256Hex(new TextEncoder().encode(sha256sums(evidence, nativeSha256)), nativeSha256);
    return [...evidence, { name: REPORT_FILE, bytes: await renderReport(this.#state, this.#journal.records, evidenceDigest) }];
  }
}

function packageFact(pkg: SealedPackage): PackageFact {
  const m = pkg.manifest;
  return {
    sealDigest: pkg.sealDigest,
    period: m.period,
    title: m.title,
    balls: m.balls,
    pools: m.pools,
  };
}
