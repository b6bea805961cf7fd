// draw run / draw verify: the draw from a package and the balls, written or compared.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBundle, SUMS_FILE } from '../../draw-core/bundle-check.ts';
import { visibleText } from '../../draw-core/display-text.ts';
import { MANIFEST_FILE } from '../../draw-core/manifest.ts';
import { draw, type DrawResult } from '../../draw-core/draw.ts';
import { resultsJson } from '../../draw-core/results.ts';
import { readFolder } from '../node/bundle-writer.ts';
import { prepareOutputDir, writeFilesDurably } from '../node/files.ts';
import { nativeSha256, openPackage } from '../node/package-files.ts';
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
  if (args.length === 1 && !args[0]!.startsWith('-')) return verifyBundle(args[0]!, io);
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

/** draw verify BUNDLE: names the first thing that fails, or prints `verified`. */
function verifyBundle(dir: string, io: Io): number {
  if (existsSync(join(dir, MANIFEST_FILE)) && !existsSync(join(dir, SUMS_FILE))) {
    usageError('verify', `${dir} 是数据包而非证据包：须给出 --balls 与 --results`, `${dir} is a package, not a bundle: give --balls and --results`);
  }
  const check = checkBundle(readFolder(dir), nativeSha256);
  if (!check.ok) {
    io.out(`不一致 / failed: ${join(dir, check.file)}: ${check.zh} / ${check.en}`);
    return EXIT_VERIFY_FAILED;
  }
  io.out('verified');
  return EXIT_OK;
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
