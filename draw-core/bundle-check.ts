// Checking an evidence bundle (docs/spec/evidence-bundle.md): every file against SHA256SUMS,
// the journal's chain and facts, the package against the journaled seal digest, the balls
// against the confirmed seed, every result recomputed, and the published files (the GBK CSVs,
// the announcement's data) against the results. Each check is reported in order, in Chinese
// and English, up to the first that fails; with the facts a person compares with the paper
// record. `draw verify` and verify.html both say exactly this.
import { bytesToHex } from './bytes.ts';
import { canonicalJson, type Json } from './canonical-json.ts';
import { foldEvents, type CeremonyEvent, type CeremonyState, type PackageFact } from './ceremony.ts';
import { parseEvent } from './ceremony-events.ts';
import { draw } from './draw.ts';
import { DrawInputError, fail } from './errors.ts';
import * as v from 'valibot';
import { checkChain, JournalRecordSchema, type JournalRecord } from './journal-chain.ts';
import { MANIFEST_FILE } from './manifest.ts';
import { readPackage, type SealedPackage } from './package.ts';
import { checkAnnouncement, checkGbkCsv, type PublicationProblem } from './publication-check.ts';
import { resultFileName, resultRows, resultsJson } from './results.ts';
import { masterSeed } from './seed.ts';
import { sha256, sha256Hex, type Sha256 } from './sha256.ts';

export const SUMS_FILE = 'SHA256SUMS';
export const JOURNAL_FILE = 'journal.jsonl';
export const OPERATIONS_FILE = 'operations.jsonl';
export const README_FILE = 'README.txt';
/** The report the host and notary sign: it prints the evidence digest, so SHA256SUMS's line for it is left out of that digest. */
export const REPORT_FILE = 'report.pdf';
export const PACKAGE_DIR = 'package';
export const RESULTS_DIR = 'results';
export const RESULTS_SUMMARY = 'results.json';
export const ANNOUNCEMENT_FILE = 'announcement.html';
export const ANNOUNCEMENT_PDF = 'announcement.pdf';
export const GBK_DIR = 'publication/gbk';
/** Where a pool's result file (spec draw-v1 §5) stands in a bundle. */
export const resultPath = (poolId: string): string => `${RESULTS_DIR}/${resultFileName(poolId)}`;
/** Where a pool's published GBK copy of its results stands in a bundle. */
export const gbkPath = (poolId: string): string => `${GBK_DIR}/${resultFileName(poolId)}`;
/** The spec and the two offline verifiers: every bundle carries them, so it can be checked with nothing else. */
export const SPEC_FILES = ['spec/draw-v1.md', 'spec/ball-machine-protocol.md', 'spec/evidence-bundle.md'] as const;
export const VERIFIER_FILES = ['verify/draw_verify.py', 'verify/verify.html'] as const;
/** The folders of the package's pool files and each pool's result and GBK CSV (files directly inside them). */
const PER_POOL_DIRS = [PACKAGE_DIR, RESULTS_DIR, GBK_DIR];
const perPoolFile = (name: string) => PER_POOL_DIRS.some((dir) => name.startsWith(`${dir}/`) && !name.slice(dir.length + 1).includes('/'));
/** Every bundle holds these, besides the files in PER_POOL_DIRS. */
export const BUNDLE_FILES = [
  README_FILE, REPORT_FILE, JOURNAL_FILE, OPERATIONS_FILE, ANNOUNCEMENT_FILE, ANNOUNCEMENT_PDF,
  `${PACKAGE_DIR}/${MANIFEST_FILE}`, `${RESULTS_DIR}/${RESULTS_SUMMARY}`, ...SPEC_FILES, ...VERIFIER_FILES,
] as const;

/**
 * What a person compares the evidence digest with. report.pdf is outside it, so anyone can
 * replace that file: only the paper the notary signed (or the digest shown at sealing) counts.
 */
export const COMPARE_EVIDENCE_DIGEST = {
  zh: '与公证员签字的纸质报告上所印的证据摘要（或封存时大屏与直播所示的）比对；本文件夹中的 report.pdf 不在证据摘要之内，本身不能证明什么',
  en: 'Compare with the evidence digest printed on the paper report the notary signed (or shown on the stage and the livestream at sealing); report.pdf in this folder is outside the evidence digest and proves nothing by itself',
} as const;

/** Folders and files an operating system adds to a folder it shows, copies or zips (macOS's Finder and zipping, Windows's Explorer, a stick's volume). */
const OS_FOLDERS = ['__MACOSX', '.Spotlight-V100', '.Trashes', '.fseventsd', 'System Volume Information'];
const OS_FILES = ['.DS_Store', 'Thumbs.db', 'desktop.ini'];

/** Whether `name` is a file an operating system adds: its folder one of OS_FOLDERS, or itself one of OS_FILES or an AppleDouble `._*`. */
export function osMetadata(name: string): boolean {
  const parts = name.split('/');
  const last = parts.pop()!;
  return parts.some((p) => OS_FOLDERS.includes(p)) || OS_FILES.includes(last) || last.startsWith('._');
}

/** A bundle's files by their '/'-separated path inside the bundle. */
export interface BundleFiles {
  readonly names: readonly string[];
  read(name: string): Uint8Array | undefined;
}

/** One check: what it established (ok), or what is wrong and in which file (and line). */
export interface BundleCheckItem {
  readonly id: string;
  readonly ok: boolean;
  readonly zh: string;
  readonly en: string;
  readonly file?: string;
}

/** What the bundle says happened, as the journal records it; times are the journal's (UTC). */
export interface BundleFacts {
  readonly title: string;
  readonly period: string;
  readonly rehearsal: boolean;
  readonly ceremonyId: string;
  readonly sealDigest: string;
  readonly seed: string;
  readonly masterSeed: string;
  /** SHA-256 of SHA256SUMS without the report's line: the digest the signed report prints (COMPARE_EVIDENCE_DIGEST). */
  readonly evidenceDigest: string;
  /** The balls that make the seed, in draw order (voided ones removed). */
  readonly balls: readonly { n: number; digit: string; source: string }[];
  readonly voided: readonly { n: number; digit: string; reason: string }[];
  /** Each journaled confirmation, and the journal's head once it was journaled (the stage showed it). */
  readonly confirmations: readonly { type: string; time: string; by: string; journalHead: string }[];
  readonly pools: readonly { id: string; name: string; winners: number; alternates: number; sha256: string }[];
}

/**
 * `checks` lists each check done, in order, up to the first that failed (the last, then, with
 * ok false and the file named); `facts` is there once the journal has been read.
 */
export interface BundleReport {
  readonly ok: boolean;
  readonly checks: readonly BundleCheckItem[];
  readonly facts?: BundleFacts;
}

/**
 * The evidence digest (spec evidence-bundle §3): SHA-256 of SHA256SUMS without report.pdf's line,
 * `grep -v '^[0-9a-f]\{64\}  report\.pdf$' SHA256SUMS | sha256sum`. The report prints it; it fixes every other file.
 */
export function evidenceDigestOf(sums: string, hash: Sha256 = sha256): string {
  const lines = sums.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return sha256Hex(new TextEncoder().encode(lines.filter((l) => l.slice(66) !== REPORT_FILE).map((l) => `${l}\n`).join('')), hash);
}

/** `sha256sum` lines for the files given, sorted by path: "<hex>  <path>\n". */
export function sha256sums(files: readonly { name: string; bytes: Uint8Array }[], hash: Sha256 = sha256): string {
  return [...files].sort((a, b) => (a.name < b.name ? -1 : 1)).map((f) => `${sha256Hex(f.bytes, hash)}  ${f.name}\n`).join('');
}

export function parseJournalLines(text: string): JournalRecord[] | { line: number } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const records: JournalRecord[] = [];
  for (const [i, line] of lines.entries()) {
    const r = journalRecord(line);
    if (!r) return { line: i + 1 };
    records.push(r);
  }
  return records;
}

/** One line of the journal as a record of the six members, or undefined. */
function journalRecord(line: string): JournalRecord | undefined {
  try {
    const r = v.safeParse(JournalRecordSchema, JSON.parse(line));
    return r.success ? r.output : undefined;
  } catch {
    return undefined;
  }
}

const LF = 0x0a;
/** UTF-8 exactly: a byte-order mark is kept as U+FEFF (the first line then fails where it stands), bytes that are not UTF-8 are refused. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The lines of SHA256SUMS or journal.jsonl, each of which ends in LF, the last included (a line
 * without one is not finished). A line that is not UTF-8 is undefined: each reader says where
 * that fails among its own rules, as the Python verifier does.
 */
function lfLines(file: string, bytes: Uint8Array): (string | undefined)[] {
  if (bytes.at(-1) !== LF) {
    stop(`${file}:${bytes.filter((b) => b === LF).length + 1}`, '最后一行没有以换行符结束', 'the last line does not end in a line feed');
  }
  const lines: (string | undefined)[] = [];
  for (let start = 0, end = bytes.indexOf(LF); end >= 0; start = end + 1, end = bytes.indexOf(LF, start)) {
    try {
      lines.push(UTF8.decode(bytes.subarray(start, end)));
    } catch {
      lines.push(undefined);
    }
  }
  return lines;
}

const NOT_UTF8 = ['该行不是 UTF-8 文本', 'the line is not UTF-8 text'] as const;

/** A check failed: where, and why. */
class CheckFailed {
  readonly file: string;
  readonly zh: string;
  readonly en: string;
  constructor(file: string, zh: string, en: string) {
    this.file = file;
    this.zh = zh;
    this.en = en;
  }
}

function stop(file: string, zh: string, en: string): never {
  throw new CheckFailed(file, zh, en);
}

export function checkBundle(files: BundleFiles, hash: Sha256 = sha256): BundleReport {
  const checks: BundleCheckItem[] = [];
  let facts: BundleFacts | undefined;
  const report = (ok: boolean): BundleReport => (facts ? { ok, checks, facts } : { ok, checks });
  /** Runs one check: `run` returns its words, or stops with the failure. */
  const check = (id: string, run: () => readonly [zh: string, en: string]) => {
    try {
      const [zh, en] = run();
      checks.push({ id, ok: true, zh, en });
    } catch (e) {
      if (e instanceof CheckFailed) checks.push({ id, ok: false, zh: e.zh, en: e.en, file: e.file });
      throw e;
    }
  };
  const read = (name: string, zh: string, en: string) => files.read(name) ?? stop(name, zh, en);

  try {
    let evidenceDigest = '';
    let listed: readonly string[] = [];
    check('sums', () => {
      const sums = checkSums(files, hash);
      ({ evidenceDigest, listed } = sums);
      return [`SHA256SUMS 所列 ${listed.length} 个文件都在，SHA-256 都相符；没有未列出的文件；证据包应有的文件齐全`,
        `all ${listed.length} files SHA256SUMS lists are there and match their SHA-256; no file is unlisted; every file a bundle holds is there`];
    });

    let records: JournalRecord[] = [];
    check('journal-chain', () => {
      records = readJournal(read(JOURNAL_FILE, '缺少日志', 'the journal is missing'), hash);
      return [`journal.jsonl 的 ${records.length} 条记录都是规范 JSON，序号、prev 与哈希连成完整的链`,
        `the ${records.length} records of journal.jsonl are canonical JSON, linked whole by seq, prev and hash`];
    });

    let journal!: Journal;
    check('journal-facts', () => {
      journal = foldJournal(records);
      return journal.state.ceremony.rehearsal
        ? ['每个事件都在允许之处；有导入、确认的种子与结果。这是演练：由软件代为确认，可用模拟球，不是正式摇号结果',
          'every event is allowed where it stands; an import, a confirmed seed and results are there. This is a rehearsal: the software confirmed, simulated balls were allowed; not the result of a real draw']
        // The PIN's MACs are not in a bundle (a 6-digit PIN could be found from them): say what the journal records, no more.
        : ['每个事件都在允许之处；有导入、确认的种子与结果。正式摇号：日志记载每次确认均为公证员所作（PIN 无法从证据包核验），球只来自摇号机或人工双录入',
          'every event is allowed where it stands; an import, a confirmed seed and results are there. A real draw: the journal records every confirmation as the notary\'s (the PIN cannot be checked from the bundle), every ball from the ball machine or the manual dual entry'];
    });
    const { state } = journal;
    facts = factsOf(journal, evidenceDigest);

    let pkg!: SealedPackage;
    check('package', () => {
      pkg = checkPackage(files, state.package, hash);
      onlyNamed(listed, pkg);
      const entries = pkg.pools.reduce((n, p) => n + p.entries.count, 0);
      return [`package/ 符合摇号规范 draw-v1 第 1 节（${pkg.pools.length} 个池，${entries} 条）；其封存摘要及期号、标题、球数、各池与日志所载一致；package/、results/、publication/gbk/ 中只有清单所列各池的文件`,
        `package/ passes every rule of spec draw-v1 §1 (${pkg.pools.length} pools, ${entries} entries); its seal digest, period, title, balls and pools are the journaled ones; package/, results/ and publication/gbk/ hold only the files of the manifest's pools`];
    });

    check('seed', () => {
      // fold checked the balls at the seed's confirmation; again here, with the master seed they give.
      if (state.balls.join('') !== state.seed) stop(JOURNAL_FILE, '日志中的球号与确认的种子不符', 'the balls in the journal are not the confirmed seed');
      if (bytesToHex(masterSeed(pkg.sealDigest, state.seed)) !== state.results.masterSeed) {
        stop(journal.resultsAt, '日志所载主种子不是由封存摘要与种子导出的主种子', 'the journaled master seed is not the one derived from the seal digest and the seed');
      }
      return [`日志所载的球号（除去作废的）${state.seed} 即确认的种子；由封存摘要与种子导出的主种子与日志所载一致`,
        `the balls journaled (voided ones removed), ${state.seed}, are the confirmed seed; the master seed they give with the seal digest is the journaled one`];
    });

    const result = draw(pkg, state.seed, { file: JOURNAL_FILE }, hash);
    for (const [i, p] of result.pools.entries()) {
      const { id, winners, alternatesDrawn, sha256: digest } = p.summary;
      check(`results:${id}`, () => {
        const name = resultPath(id);
        if (!equalBytes(read(name, '结果文件缺失', 'the result file is missing'), p.csv)) stop(name, '重新计算的结果与此文件不符', 'the recomputed result differs from this file');
        const journaled = state.results.pools[i];
        if (journaled?.id !== id || journaled.sha256 !== digest) {
          stop(journal.resultsAt, `日志所载池 ${id} 的结果摘要与重新计算不符`, `the journaled result digest of pool ${id} differs from the recomputed one`);
        }
        if (journaled.winners !== winners || journaled.alternatesDrawn !== alternatesDrawn) {
          stop(journal.resultsAt, `日志所载池 ${id} 的中签与候补人数与重新计算不符`, `the journaled numbers of winners and alternates of pool ${id} differ from the recomputed ones`);
        }
        return [`池 ${id}：重新计算出中签 ${winners} 名、候补 ${alternatesDrawn} 名，与 ${name} 逐字节相同，与日志所载摘要一致`,
          `pool ${id}: ${winners} winners and ${alternatesDrawn} alternates recomputed, byte for byte ${name}, as journaled`];
      });
    }

    check('results-summary', () => {
      const name = `${RESULTS_DIR}/${RESULTS_SUMMARY}`;
      if (state.results.pools.length !== result.pools.length) {
        stop(journal.resultsAt, `日志所载结果有 ${state.results.pools.length} 个池，数据包有 ${result.pools.length} 个`, `the journaled results hold ${state.results.pools.length} pools, the package ${result.pools.length}`);
      }
      const summary = resultsJson({ ...result.summary, ceremonyId: state.ceremony.ceremonyId, rehearsal: state.ceremony.rehearsal });
      if (!equalBytes(read(name, '与重新计算的结果摘要不符', 'differs from the recomputed results summary'), summary)) {
        stop(name, '与重新计算的结果摘要不符', 'differs from the recomputed results summary');
      }
      if (sha256Hex(summary, hash) !== state.results.resultsJsonSha256) {
        stop(JOURNAL_FILE, '日志所载 results.json 摘要与重新计算不符', 'the journaled results.json digest differs from the recomputed one');
      }
      return [`${name} 与重新计算的结果摘要逐字节相同，其 SHA-256 与日志所载一致`, `${name} is the recomputed results summary byte for byte, and its SHA-256 is the journaled one`];
    });

    const pools = result.pools.map((p) => ({ id: p.summary.id, rows: resultRows(p.csv) }));
    for (const { id, rows } of pools) {
      check(`gbk:${id}`, () => {
        const name = gbkPath(id);
        published(name, checkGbkCsv(read(name, '发布的文件缺失', 'the published file is missing'), rows));
        return [`${name}：GBK 编码，表头“名次,编码,状态”与 ${rows.length} 行结果逐行一致`, `${name}: GBK, the header 名次,编码,状态 and the ${rows.length} result lines, line for line`];
      });
    }

    check('announcement', () => {
      published(ANNOUNCEMENT_FILE, checkAnnouncement(read(ANNOUNCEMENT_FILE, '发布的文件缺失', 'the published file is missing'), pools));
      const n = pools.reduce((sum, p) => sum + p.rows.length, 0);
      return [`${ANNOUNCEMENT_FILE} 所列 ${n} 行（池、名次、状态、编码）依次即各池结果`, `the ${n} rows ${ANNOUNCEMENT_FILE} lists (pool, rank, status, code) are every pool's results, in order`];
    });
    return report(true);
  } catch (e) {
    if (e instanceof CheckFailed) return report(false);
    throw e;
  }
}

/**
 * Every file listed in SHA256SUMS is there and matches; nothing is unlisted; every file a bundle
 * holds is there. `listed` is in SHA256SUMS's order.
 */
function checkSums(files: BundleFiles, hash: Sha256): { listed: string[]; evidenceDigest: string } {
  const sumLines = lfLines(SUMS_FILE, files.read(SUMS_FILE) ?? notABundle(files.names));
  const notText = sumLines.indexOf(undefined);
  if (notText >= 0) stop(`${SUMS_FILE}:${notText + 1}`, ...NOT_UTF8);
  const lines = sumLines as string[];
  // Every line first, then the files they list: a malformed line is named before any file.
  const listed = new Map<string, string>();
  for (const [i, line] of lines.entries()) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m || m[2]!.split('/').some((part) => part === '..' || part === '') || m[2] === SUMS_FILE) {
      stop(`${SUMS_FILE}:${i + 1}`, '行格式不符 "<sha256>  <路径>"', 'line is not "<sha256>  <path>"');
    }
    if (listed.has(m[2]!)) stop(`${SUMS_FILE}:${i + 1}`, '此路径已在前面列出：每个文件只列一次', 'this path is listed already: each file is listed once');
    listed.set(m[2]!, m[1]!);
  }
  for (const [name, digest] of listed) {
    const bytes = files.read(name) ?? stop(name, 'SHA256SUMS 列出的文件缺失', 'a file listed in SHA256SUMS is missing');
    if (sha256Hex(bytes, hash) !== digest) stop(name, '文件的 SHA-256 与 SHA256SUMS 不符', 'the file does not match its SHA-256 in SHA256SUMS');
  }
  const unlisted = files.names.find((n) => n !== SUMS_FILE && !listed.has(n));
  // A copy of an honest bundle may carry what Finder or Explorer added: still refused (nothing rides along unchecked), but said so.
  if (unlisted && osMetadata(unlisted)) {
    stop(unlisted, '此文件是操作系统加入的（如 macOS 的 .DS_Store、._* 与 __MACOSX/，Windows 的 Thumbs.db 与 desktop.ini），不属于证据包，SHA256SUMS 中没有它：它随证据包的复制或压缩而来，本身不是篡改的迹象。请删去这类文件（或核验公证员保存的原件）后再核验',
      'the operating system added this file (such as macOS\'s .DS_Store, ._* and __MACOSX/, Windows\'s Thumbs.db and desktop.ini): it is not part of the bundle and SHA256SUMS does not list it. It came with a copy or a zip of the bundle and is no sign of tampering by itself: remove such files (or verify the notary\'s original) and verify again');
  }
  if (unlisted) stop(unlisted, '文件未列入 SHA256SUMS', 'the file is not listed in SHA256SUMS');
  // Nothing beyond the layout: a file added beside it (a fake winners list, say) is refused, not carried along.
  const extra = [...listed.keys()].find((n) => !(BUNDLE_FILES as readonly string[]).includes(n) && !perPoolFile(n));
  if (extra) stop(extra, '此文件不属于证据包的内容（见规范 evidence-bundle §1）', 'this file is not part of an evidence bundle (spec evidence-bundle §1)');
  const absent = BUNDLE_FILES.find((n) => !listed.has(n));
  if (absent) stop(absent, '证据包缺少此文件：每个证据包都有它', 'the bundle lacks this file, which every bundle holds');
  return { listed: [...listed.keys()], evidenceDigest: evidenceDigestOf(lines.map((l) => `${l}\n`).join(''), hash) };
}

/**
 * No SHA256SUMS: not a bundle at all (spec evidence-bundle §9: exit 2, not a failed check). Files
 * an operating system added (macOS's __MACOSX/ beside a zipped folder) may be why: said so.
 */
function notABundle(names: readonly string[]): never {
  const why = names.some(osMetadata)
    ? ['。此处有操作系统加入的文件（如 macOS 压缩时加入的 __MACOSX/），使证据包既不在 .zip 的根也不在其唯一的顶层文件夹中：删去它们后再核验，或直接核验证据包的文件夹',
      '. The operating system added files here (such as the __MACOSX/ macOS adds to a zip), so the bundle is neither at the zip\'s root nor in its one top folder: remove them and verify again, or verify the bundle\'s folder']
    : ['', ''];
  fail({ file: SUMS_FILE }, 'not-a-bundle', `这里没有 SHA256SUMS：这不是证据包。请选择证据包本身的文件夹或 .zip（其中有 SHA256SUMS）${why[0]}`,
    `there is no SHA256SUMS here: this is not a bundle. Pick the bundle's own folder or .zip, the one holding SHA256SUMS${why[1]}`);
}

/**
 * In the folders of PER_POOL_DIRS, only what the manifest names: its pool files, and each pool's
 * result file and GBK CSV. A file beside them (a forged winners list, say) is refused, not carried along.
 */
function onlyNamed(listed: readonly string[], pkg: SealedPackage): void {
  const named = new Set([`${PACKAGE_DIR}/${MANIFEST_FILE}`, `${RESULTS_DIR}/${RESULTS_SUMMARY}`,
    ...pkg.pools.flatMap(({ spec }) => [`${PACKAGE_DIR}/${spec.file}`, resultPath(spec.id), gbkPath(spec.id)])]);
  const extra = listed.find((n) => perPoolFile(n) && !named.has(n));
  if (extra) {
    stop(extra, '清单中没有哪个池用到此文件：它不属于证据包（见规范 evidence-bundle §5）',
      'no pool of the manifest names this file: it is not part of the bundle (spec evidence-bundle §5)');
  }
}

/**
 * journal.jsonl: whole records, each line its record's canonical JSON, the chain unbroken. The
 * first line that fails any of these is named, as spec evidence-bundle §4.3 reads them line by line.
 */
function readJournal(bytes: Uint8Array, hash: Sha256): JournalRecord[] {
  const lines = lfLines(JOURNAL_FILE, bytes);
  const records: JournalRecord[] = [];
  let bad: { line: number; zh: string; en: string } | undefined;
  for (const [i, line] of lines.entries()) {
    const r = line === undefined ? undefined : journalRecord(line);
    if (line === undefined) bad = { line: i + 1, zh: NOT_UTF8[0], en: NOT_UTF8[1] };
    else if (!r) bad = { line: i + 1, zh: '该行不是完整的 JSON 记录', en: 'the line is not a whole JSON record' };
    else if (canonicalJson(r as never) !== line) bad = { line: i + 1, zh: '记录不是规范 JSON 编码', en: 'the record is not in canonical JSON' };
    if (bad) break;
    records.push(r!);
  }
  // A break in the chain before the bad line comes first.
  const brk = checkChain(records, hash);
  if (brk) stop(`${JOURNAL_FILE}:${brk.seq}`, brk.zh, brk.en);
  if (bad) stop(`${JOURNAL_FILE}:${bad.line}`, bad.zh, bad.en);
  return records;
}

type Complete<S extends CeremonyState> = S & Required<Pick<S, 'ceremony' | 'package' | 'seed' | 'results'>>;

interface Journal {
  readonly records: readonly JournalRecord[];
  readonly events: readonly CeremonyEvent[];
  readonly state: Complete<CeremonyState>;
  /** Where the results are journaled, e.g. "journal.jsonl:9": a finding about them names it. */
  readonly resultsAt: string;
}

/** Every event in its data's shape and allowed where it stands; a complete ceremony. */
function foldJournal(records: readonly JournalRecord[]): Journal {
  const events: CeremonyEvent[] = [];
  for (const r of records) {
    const e = parseEvent(r.type, r.data);
    if (!e.ok) stop(`${JOURNAL_FILE}:${r.seq}`, e.zh, e.en);
    events.push(e.event);
  }
  let folded;
  try {
    folded = foldEvents(events);
  } catch {
    stop(JOURNAL_FILE, '日志中的事件数据格式有误', 'an event in the journal is malformed');
  }
  if (folded.refused) {
    const { seq, refusal } = folded.refused;
    stop(`${JOURNAL_FILE}:${seq}`, `此事件不应被记录：${refusal.zh}`, `this event should never have been recorded: ${refusal.en}`);
  }
  const state = folded.state;
  if (!state.package || state.seed === undefined || !state.results || !state.ceremony) {
    stop(JOURNAL_FILE, '日志中没有完整的导入、种子确认与结果', 'the journal does not hold an import, a confirmed seed and results');
  }
  const results = records.find((r) => r.type === 'results-computed')!;
  return { records, events, state: state as Complete<CeremonyState>, resultsAt: `${JOURNAL_FILE}:${results.seq}` };
}

function factsOf({ records, events, state }: Journal, evidenceDigest: string): BundleFacts {
  const balls: { n: number; digit: string; source: string }[] = [];
  const confirmations: { type: string; time: string; by: string; journalHead: string }[] = [];
  for (const [i, e] of events.entries()) {
    if (e.type === 'ball-drawn') balls.push({ n: e.data.n, digit: e.data.digit, source: e.data.source });
    if (e.type === 'ball-voided') balls.pop(); // fold allows voiding the last ball only
    if ('by' in e.data) confirmations.push({ type: e.type, time: records[i]!.time, by: e.data.by, journalHead: records[i]!.hash });
  }
  const p = state.package;
  return {
    title: p.title,
    period: p.period,
    rehearsal: state.ceremony.rehearsal,
    ceremonyId: state.ceremony.ceremonyId,
    sealDigest: p.sealDigest,
    seed: state.seed,
    masterSeed: state.results.masterSeed,
    evidenceDigest,
    balls,
    voided: state.voided.map(({ n, digit, reason }) => ({ n, digit, reason })),
    confirmations,
    pools: state.results.pools.map((r) => ({
      id: r.id, name: p.pools.find((q) => q.id === r.id)?.name ?? '', winners: r.winners, alternates: r.alternatesDrawn, sha256: r.sha256,
    })),
  };
}

/** package/ by spec draw-v1 §1, and as journaled: its seal digest, and the facts the import took from its manifest. */
function checkPackage(files: BundleFiles, journaled: PackageFact, hash: Sha256): SealedPackage {
  let pkg: SealedPackage;
  try {
    pkg = readPackage({ describe: (n) => `${PACKAGE_DIR}/${n}`, read: (n) => files.read(`${PACKAGE_DIR}/${n}`) }, hash);
  } catch (e) {
    if (e instanceof DrawInputError) stop(e.line === undefined ? e.file : `${e.file}:${e.line}`, e.zh, e.en);
    throw e;
  }
  const manifest = `${PACKAGE_DIR}/${MANIFEST_FILE}`;
  if (pkg.sealDigest !== journaled.sealDigest) {
    stop(manifest, `数据包的封存摘要 ${pkg.sealDigest} 与日志所载 ${journaled.sealDigest} 不符`, `the package's seal digest ${pkg.sealDigest} is not the journaled ${journaled.sealDigest}`);
  }
  // The journal's copy of the manifest's facts is what the facts above show: a forged one must not pass.
  const m = pkg.manifest;
  const fromManifest: PackageFact = { sealDigest: pkg.sealDigest, period: m.period, title: m.title, balls: m.balls, pools: m.pools };
  if (canonicalJson(fromManifest as unknown as Json) !== canonicalJson(journaled as unknown as Json)) {
    stop(manifest, '日志所载的数据包（期号、标题、球数或各池）与 manifest.json 不符', 'the package as journaled (period, title, balls or pools) is not what manifest.json says');
  }
  return pkg;
}

function published(name: string, problem: PublicationProblem | undefined): void {
  if (problem) stop(problem.line === undefined ? name : `${name}:${problem.line}`, problem.zh, problem.en);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
