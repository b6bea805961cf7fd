#!/usr/bin/env node
// The `draw` command line: seal a package, run a draw, verify a draw.
// Exit status: 0 success, 1 verification failed, 2 invalid input or usage.
import { failureLine } from '../contract/failures.ts';
import { toFailure } from '../node/failure.ts';
import { software } from '../node/software.ts';
import { ceremonyCommand } from './ceremony-command.ts';
import { runCommand, verifyCommand } from './run-command.ts';
import { sealCommand } from './seal-command.ts';
import { simulateCommand } from './simulate-command.ts';
import { EXIT_INVALID, EXIT_OK, usageError, type Io } from './usage.ts';

const HELP = `draw — 小客车指标摇号 / car-licence quota draw (spec draw-v1)

  draw seal --out DIR --period P --title T --balls B \\
            --pool id=ID,name=NAME,quota=Q[,alternates=A],codes=FILE [--pool ...]
      封存：由编码清单生成封存包并打印封存摘要
      seal: sort and check code lists, write a sealed package, print its seal digest
  draw run PACKAGE --balls DIGITS --out DIR
      摇号：校验包，计算结果，写入 <poolId>.csv 与 results.json
      draw: verify the package, draw, write <poolId>.csv and results.json
  draw verify PACKAGE --balls DIGITS --results DIR
      验证：重新计算并逐字节比对 / recompute and compare byte for byte
  draw ceremony --package PKG --state DIR --out BUNDLE [--rehearsal] [--auto-confirm]
                --venue VENUE --host NAME --notary NAME [--starts-at TIME]
                [--balls-from serial:PATH[@BAUD] | simulate:DIGITS[@MS] | stdin]
                [--resolve machine-next|manual] [--kind quota-allocation|representative-selection]
                [--obs ws://127.0.0.1:4455 --obs-password PW]
      无屏幕运行整场仪式；中断后以同一 --state 再次运行即继续；摇号机警报时暂停（退出码 3）
      the whole ceremony without a screen; run again with the same --state to resume;
      a ball-machine alarm halts it (exit 3) until run again with the host's --resolve decision;
      场地、主持人与公证员姓名印在报告上，正式摇号必填 / the venue and the host's and notary's
      names are printed on the report: required for a real draw, optional for a rehearsal;
      --starts-at 预定开始时间，舞台倒计时至此 / the scheduled start the stage counts down to,
      ISO 8601 with its offset, e.g. 2026-11-26T10:00+08:00
  draw simulate-machine --port PATH [--baud N] [--balls DIGITS] [--interval-ms N]
                [--faults noise,badsum,dup,conflict,skip,drop,silent]
      在串口上模拟摇号机 / a simulated ball machine on a serial port
  draw verify BUNDLE [--json]
      核验证据包（文件夹或 .zip）：逐项打印检查了什么与摇号事实，最后一行为 verified 或失败之处
      check an evidence bundle (a folder or a .zip): SHA256SUMS, journal, package, seed, results,
      the GBK files and the announcement; prints the facts, each check, and the verdict last;
      --json: the report as one JSON object
  draw --version

PACKAGE is a folder or a .zip. Exit status: 0 success, 1 verification failed, 2 invalid input,
3 halted by a ball-machine alarm (the host decides: --resolve).`;

const commands: Record<string, (args: string[], io: Io) => number | Promise<number>> = {
  seal: sealCommand,
  ceremony: ceremonyCommand,
  'simulate-machine': simulateCommand,
  run: runCommand,
  verify: verifyCommand,
  help: (_args, io) => {
    io.out(HELP);
    return EXIT_OK;
  },
};

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-v') {
    const sw = software();
    io.out(`draw ${sw.version} (spec draw-v1) code digest ${sw.codeDigest} node ${process.versions.node} electron ${process.versions.electron ?? 'none'}`);
    return EXIT_OK;
  }
  if (name === '--help' || name === '-h') return commands.help!([], io);
  try {
    const command = name === undefined ? undefined : commands[name];
    if (!command) usageError(name ?? '', `未知命令 "${name ?? ''}"`, `unknown command "${name ?? ''}"; commands: seal, run, verify, ceremony, simulate-machine, help`);
    return await command(args, io);
  } catch (e) {
    // Every expected failure in the mapper's words (an input error as FILE:LINE: rule:); a defect as it is.
    const failure = toFailure(e);
    if (failure.kind === 'internal') throw e;
    io.err(failureLine(failure));
    return EXIT_INVALID;
  }
}

if (import.meta.main) {
  // `draw run … | head`: a reader that stops early is not an error of ours.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  process.exitCode = await main(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
