// draw run / draw verify: the draw from a package and the balls, written or compared.
import { readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { checkBundle, COMPARE_EVIDENCE_DIGEST, SUMS_FILE, type BundleFacts, type BundleFiles, type BundleReport } from '../../draw-core/bundle-check.ts';
import { BALL_SOURCE_WORDS, beijingTime, CONFIRMATION_WORDS, CONFIRMER_WORDS, groupsOfFour, saidInBoth } from '../../draw-core/bundle-words.ts';
import { zipBundleFiles } from '../../draw-core/bundle-zip.ts';
import { visibleText } from '../../draw-core/display-text.ts';
import { fail } from '../../draw-core/errors.ts';
import { MANIFEST_FILE } from '../../draw-core/manifest.ts';
import { draw, type DrawResult } from '../../draw-core/draw.ts';
import { resultsJson } from '../../draw-core/results.ts';
import { readFolder } from '../node/bundle-writer.ts';
import { prepareOutputDir, writeFilesDurably } from '../node/files.ts';
import { ioReason, nativeSha256, openPackage, zipOnDisk } from '../node/package-files.ts';
import { EXIT_OK, EXIT_VERIFY_FAILED, parseCommand, usageError, type Io } from './usage.ts';

export const RESULTS_JSON = 'results.json';

function drawFromArgs(command: string, args: string[], dirOption: 'out' | 'results'): { result: DrawResult; dir: string } {
  const { values, positionals } = parseCommand(command, args, {
    balls: { type: 'string' },
    [dirOption]: { type: 'string' },
  }, ['balls', dirOption], ['PACKAGE']);
  const pkg = openPackage(positionals[0]!);
  return { result: draw(pkg, values.balls!, { file: '--balls' }, nativeSha256), dir: values[dirOption]! };
}

/** The files `draw run` writes: one spec §5 CSV per pool, then results.json. */
function resultFiles(result: DrawResult): { name: string; bytes: Uint8Array }[] {
  return [
    ...result.pools.map((p) => ({ name: p.summary.file, bytes: p.csv })),
    { name: RESULTS_JSON, bytes: resultsJson(result.summary) },
  ];
}

export function runCommand(args: string[], io: Io): number {
  const { result, dir } = drawFromArgs('run', args, 'out');
  const files = resultFiles(result);
  prepareOutputDir(dir, files.map((f) => f.name), false);
  writeFilesDurably(dir, files);
  const s = result.summary;
  io.out(`${visibleText(s.title)} (${s.period})`); // no escape sequence or CR from a manifest reaches the terminal
  io.out(`封存摘要 / seal digest: ${s.sealDigest}`);
  io.out(`摇号号码 / balls:       ${s.balls}`);
  io.out(`主种子 / master seed:   ${s.masterSeed}`);
  for (const p of s.pools) {
    io.out(`  ${p.id} ${visibleText(p.name)}: ${p.entries} 条 entries, 中签 winners ${p.winners}, 候补 alternates ${p.alternatesDrawn} → ${join(dir, p.file)}`);
  }
  return EXIT_OK;
}

/**
 * The pool files (spec §5) are the normative result and must all be there. results.json is
 * this tool's summary: checked when present and in its format, so results written by an
 * independent implementation of the spec verify on their CSV files alone.
 */
export function verifyCommand(args: string[], io: Io): number {
  if (!args.some((a) => /^--(balls|results)(=|$)/.test(a))) return verifyBundle(args, io);
  const { result, dir } = drawFromArgs('verify', args, 'results');
  for (const { name, bytes } of resultFiles(result)) {
    let found: Uint8Array;
    try {
      found = readFileSync(join(dir, name));
    } catch {
      if (name === RESULTS_JSON) continue;
      io.out(`不一致 / differs: ${join(dir, name)}: 文件缺失 / file missing`);
      return EXIT_VERIFY_FAILED;
    }
    if (name === RESULTS_JSON && !isOurSummary(found)) {
      io.err(`注意 / note: ${join(dir, name)} 不是 draw-results/1 格式，未核对 / is not in draw-results/1 format, not checked`);
      continue;
    }
    if (!Buffer.from(found).equals(bytes)) {
      io.out(`不一致 / differs: ${join(dir, name)}: ${firstDifference(name, bytes, found)}`);
      return EXIT_VERIFY_FAILED;
    }
  }
  io.out('verified');
  return EXIT_OK;
}

/**
 * draw verify BUNDLE [--json]: the facts, each check with ✓ or ✗ and its words, and the
 * verdict last (`verified`, or the first file that fails); with --json the report as one
 * JSON object. BUNDLE is a folder or a .zip of one.
 */
function verifyBundle(args: string[], io: Io): number {
  const { values, positionals } = parseCommand('verify', args, { json: { type: 'boolean' } }, [], ['BUNDLE']);
  const path = positionals[0]!;
  const report = checkBundle(openBundle(path), nativeSha256);
  if (values.json) io.out(asciiJson(report));
  // Every line through visibleText: a title, pool name, reason or file name from the bundle never acts on the terminal.
  else for (const line of reportLines(path, report)) io.out(visibleText(line));
  return report.ok ? EXIT_OK : EXIT_VERIFY_FAILED;
}

function openBundle(path: string): BundleFiles {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    fail({ file: path }, 'bundle-missing', `无法读取证据包：${ioReason(e)}`, `cannot read the bundle: ${ioReason(e)}`);
  }
  const files = st.isDirectory() ? readFolder(path) : zipBundleFiles(zipOnDisk(path), path);
  if (files.names.includes(MANIFEST_FILE) && !files.names.includes(SUMS_FILE)) {
    usageError('verify', `${path} 是数据包而非证据包：须给出 --balls 与 --results`, `${path} is a package, not a bundle: give --balls and --results`);
  }
  return files;
}

/** JSON in ASCII, the rest as \uXXXX escapes: the same value, and nothing in it can act on a terminal. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[^\n\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}


function reportLines(path: string, report: BundleReport): string[] {
  const lines = [`证据包 Bundle: ${path}`];
  if (report.facts) lines.push(...factLines(report.facts));
  lines.push('核验 Checks:');
  for (const c of report.checks) {
    lines.push(c.ok ? `  ✓ ${c.zh}` : `  ✗ ${c.file}: ${c.zh}`, `    ${c.en}`);
  }
  const failed = report.checks.find((c) => !c.ok);
  if (failed) {
    lines.push(`不一致 / failed: ${join(path, failed.file!)}: ${failed.zh} / ${failed.en}`);
  } else {
    lines.push('结论：证据包完整，依规范重新计算的结果与发布的一致 / Verdict: the bundle is whole, and the draw recomputed by the spec is what was published', 'verified');
  }
  return lines;
}

function factLines(f: BundleFacts): string[] {
  const sources = new Map<string, number>();
  for (const b of f.balls) sources.set(b.source, (sources.get(b.source) ?? 0) + 1);
  return [
    `标题 Title: ${f.title}`,
    `期号 Period: ${f.period}`,
    f.rehearsal ? '*** 演练 REHEARSAL — 非正式摇号结果 / not the result of a real draw ***' : '正式摇号 real draw',
    `仪式编号 Ceremony: ${f.ceremonyId}`,
    `封存摘要 Seal digest: ${groupsOfFour(f.sealDigest)}`,
    `摇号号码 Balls (seed): ${f.seed} · 来源 source: ${[...sources].map(([s, n]) => `${saidInBoth(BALL_SOURCE_WORDS, s)} ×${n}`).join(', ')}`,
    ...f.voided.map((b) => `作废的球 Voided ball: 第 ${b.n} 个 ball ${b.n}: ${b.digit} · ${b.reason}`),
    `主种子 Master seed: ${groupsOfFour(f.masterSeed)}`,
    `证据摘要 Evidence digest: ${groupsOfFour(f.evidenceDigest)}`,
    `  ${COMPARE_EVIDENCE_DIGEST.zh} / ${COMPARE_EVIDENCE_DIGEST.en}`,
    '确认 Confirmations:',
    ...f.confirmations.map((c) => `  ${beijingTime(c.time)} · ${saidInBoth(CONFIRMATION_WORDS, c.type)} · ${saidInBoth(CONFIRMER_WORDS, c.by)}`),
    '各池 Pools:',
    ...f.pools.map((p) => `  ${p.id} ${p.name}: 中签 winners ${p.winners} · 候补 alternates ${p.alternates} · SHA-256 ${groupsOfFour(p.sha256)}`),
  ];
}

function isOurSummary(bytes: Uint8Array): boolean {
  try {
    return (JSON.parse(Buffer.from(bytes).toString('utf8')) as { format?: unknown }).format === 'draw-results/1';
  } catch {
    return false;
  }
}

/** Names the first differing line: for a pool file, the rank (line 1 is the header). */
function firstDifference(name: string, expected: Uint8Array, found: Uint8Array): string {
  const want = Buffer.from(expected).toString('utf8').split('\n');
  const got = Buffer.from(found).toString('utf8').split('\n');
  const k = want.findIndex((line, i) => got[i] !== line);
  const i = k < 0 ? want.length : k;
  const where = name === RESULTS_JSON ? `第 ${i + 1} 行 / line ${i + 1}` : i === 0 ? '表头 / header' : `名次 / rank ${i}`;
  return `${where}: 应为 expected ${JSON.stringify(want[i] ?? '(end of file)')}，实为 found ${JSON.stringify(got[i] ?? '(end of file)')}`;
}
