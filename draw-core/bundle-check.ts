// Checking an evidence bundle (docs/JOURNAL.md, "The evidence bundle"): every file against
// SHA256SUMS, the journal's chain and facts, the package against the journaled seal
// digest, the balls against the confirmed seed, and every result recomputed.
import { canonicalJson } from './canonical-json.ts';
import { foldEvents, type CeremonyEvent, type CeremonyState } from './ceremony.ts';
import { parseEvent } from './ceremony-events.ts';
import { draw } from './draw.ts';
import { DrawInputError } from './errors.ts';
import * as v from 'valibot';
import { checkChain, JournalRecordSchema, type JournalRecord } from './journal-chain.ts';
import { readPackage } from './package.ts';
import { resultsJson } from './results.ts';
import { sha256, sha256Hex, type Sha256 } from './sha256.ts';

export const SUMS_FILE = 'SHA256SUMS';
export const JOURNAL_FILE = 'journal.jsonl';
export const README_FILE = 'README.txt';
export const PACKAGE_DIR = 'package';
export const RESULTS_DIR = 'results';
export const RESULTS_SUMMARY = 'results.json';

/** A bundle's files by their '/'-separated path inside the bundle. */
export interface BundleFiles {
  readonly names: readonly string[];
  read(name: string): Uint8Array | undefined;
}

export type BundleCheck =
  | { readonly ok: true; readonly state: CeremonyState }
  | { readonly ok: false; readonly file: string; readonly zh: string; readonly en: string };

const failed = (file: string, zh: string, en: string): BundleCheck => ({ ok: false, file, zh, en });

/** `sha256sum` lines for the files given, sorted by path: "<hex>  <path>\n". */
export function sha256sums(files: readonly { name: string; bytes: Uint8Array }[], hash: Sha256 = sha256): string {
  return [...files].sort((a, b) => (a.name < b.name ? -1 : 1)).map((f) => `${sha256Hex(f.bytes, hash)}  ${f.name}\n`).join('');
}

export function parseJournalLines(text: string): JournalRecord[] | { line: number } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const records: JournalRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    try {
      const r = v.safeParse(JournalRecordSchema, JSON.parse(lines[i]!));
      if (!r.success) return { line: i + 1 };
      records.push(r.output);
    } catch {
      return { line: i + 1 };
    }
  }
  return records;
}

export function checkBundle(files: BundleFiles, hash: Sha256 = sha256): BundleCheck {
  // 1. Every file is listed in SHA256SUMS and matches; nothing is unlisted.
  const sums = files.read(SUMS_FILE);
  if (!sums) return failed(SUMS_FILE, '缺少 SHA256SUMS', 'SHA256SUMS is missing');
  const listed = new Set<string>();
  const sumLines = new TextDecoder().decode(sums).split('\n');
  if (sumLines.at(-1) === '') sumLines.pop();
  for (const [i, line] of sumLines.entries()) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m || m[2]!.split('/').some((part) => part === '..' || part === '') || m[2] === SUMS_FILE) {
      return failed(`${SUMS_FILE}:${i + 1}`, '行格式不符 "<sha256>  <路径>"', 'line is not "<sha256>  <path>"');
    }
    const name = m[2]!;
    const bytes = files.read(name);
    if (!bytes) return failed(name, 'SHA256SUMS 列出的文件缺失', 'a file listed in SHA256SUMS is missing');
    if (sha256Hex(bytes, hash) !== m[1]) return failed(name, '文件的 SHA-256 与 SHA256SUMS 不符', 'the file does not match its SHA-256 in SHA256SUMS');
    listed.add(name);
  }
  const unlisted = files.names.find((n) => n !== SUMS_FILE && !listed.has(n));
  if (unlisted) return failed(unlisted, '文件未列入 SHA256SUMS', 'the file is not listed in SHA256SUMS');

  // 2. The journal's chain, then its facts.
  const journalBytes = files.read(JOURNAL_FILE);
  if (!journalBytes) return failed(JOURNAL_FILE, '缺少日志', 'the journal is missing');
  const journalText = new TextDecoder().decode(journalBytes);
  const records = parseJournalLines(journalText);
  if (!Array.isArray(records)) return failed(`${JOURNAL_FILE}:${records.line}`, '该行不是完整的 JSON 记录', 'the line is not a whole JSON record');
  const journalLines = journalText.split('\n');
  for (const [i, r] of records.entries()) {
    if (canonicalJson(r as never) !== journalLines[i]) {
      return failed(`${JOURNAL_FILE}:${i + 1}`, '记录不是规范 JSON 编码', 'the record is not in canonical JSON');
    }
  }
  const brk = checkChain(records, hash);
  if (brk) return failed(`${JOURNAL_FILE}:${brk.seq}`, brk.zh, brk.en);
  const events: CeremonyEvent[] = [];
  for (const r of records) {
    const e = parseEvent(r.type, r.data);
    if (!e.ok) return failed(`${JOURNAL_FILE}:${r.seq}`, e.zh, e.en);
    events.push(e.event);
  }
  let folded;
  try {
    folded = foldEvents(events);
  } catch {
    return failed(JOURNAL_FILE, '日志中的事件数据格式有误', 'an event in the journal is malformed');
  }
  if (folded.refused) {
    const { seq, refusal } = folded.refused;
    return failed(`${JOURNAL_FILE}:${seq}`, `此事件不应被记录：${refusal.zh}`, `this event should never have been recorded: ${refusal.en}`);
  }
  const state = folded.state;
  if (!state.package || state.seed === undefined || !state.results || !state.ceremony) {
    return failed(JOURNAL_FILE, '日志中没有完整的导入、种子确认与结果', 'the journal does not hold an import, a confirmed seed and results');
  }

  // 3. The package against the journaled seal digest.
  let pkg;
  try {
    pkg = readPackage({ describe: (n) => `${PACKAGE_DIR}/${n}`, read: (n) => files.read(`${PACKAGE_DIR}/${n}`) }, hash);
  } catch (e) {
    if (e instanceof DrawInputError) return failed(e.file, e.zh, e.en);
    throw e;
  }
  if (pkg.sealDigest !== state.package.sealDigest) {
    return failed(`${PACKAGE_DIR}/manifest.json`, `数据包的封存摘要 ${pkg.sealDigest} 与日志所载 ${state.package.sealDigest} 不符`, `the package's seal digest ${pkg.sealDigest} is not the journaled ${state.package.sealDigest}`);
  }

  // 4. The balls journaled are the seed confirmed (fold checked it at confirmation; again here).
  if (state.balls.join('') !== state.seed) return failed(JOURNAL_FILE, '日志中的球号与确认的种子不符', 'the balls in the journal are not the confirmed seed');

  // 5. Every result recomputed, byte for byte.
  const result = draw(pkg, state.seed, { file: JOURNAL_FILE }, hash);
  for (const p of result.pools) {
    const name = `${RESULTS_DIR}/${p.summary.file}`;
    const found = files.read(name);
    if (!found) return failed(name, '结果文件缺失', 'the result file is missing');
    if (!equalBytes(found, p.csv)) return failed(name, '重新计算的结果与此文件不符', 'the recomputed result differs from this file');
    const journaled = state.results.pools.find((q) => q.id === p.summary.id);
    if (journaled?.sha256 !== p.summary.sha256) return failed(`${JOURNAL_FILE}`, `日志所载池 ${p.summary.id} 的结果摘要与重新计算不符`, `the journaled result digest of pool ${p.summary.id} differs from the recomputed one`);
  }
  const summary = resultsJson({ ...result.summary, ceremonyId: state.ceremony.ceremonyId, rehearsal: state.ceremony.rehearsal });
  const foundSummary = files.read(`${RESULTS_DIR}/${RESULTS_SUMMARY}`);
  if (!foundSummary || !equalBytes(foundSummary, summary)) {
    return failed(`${RESULTS_DIR}/${RESULTS_SUMMARY}`, '与重新计算的结果摘要不符', 'differs from the recomputed results summary');
  }
  if (sha256Hex(summary, hash) !== state.results.resultsJsonSha256) {
    return failed(JOURNAL_FILE, '日志所载 results.json 摘要与重新计算不符', 'the journaled results.json digest differs from the recomputed one');
  }
  return { ok: true, state };
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
