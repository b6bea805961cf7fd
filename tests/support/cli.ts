// Runs the real `draw` command line as a child process, the way users and CI call it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DRAW = fileURLToPath(new URL('../../electron/cli/draw.ts', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function draw(...args: string[]): CliResult {
  // A hung child would block the test worker past vitest's own timeout: kill it.
  const r = spawnSync(process.execPath, [DRAW, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `draw` with extra environment, input on stdin, or in its own session (no terminal). */
export function drawWith(opts: { env?: NodeJS.ProcessEnv; input?: string; noTerminal?: boolean }, ...args: string[]): CliResult & { signal: NodeJS.Signals | null } {
  const [cmd, cmdArgs] = opts.noTerminal ? ['setsid', ['-w', process.execPath, DRAW, ...args]] : [process.execPath, [DRAW, ...args]];
  const r = spawnSync(cmd, cmdArgs as string[], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...opts.env }, input: opts.input ?? '' });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const PTY_RUN = fileURLToPath(new URL('./pty_run.py', import.meta.url));

/** Runs `draw` on a real pseudo-terminal, typing `pins` at its PIN prompts. */
export function drawOnTerminal(pins: string[], ...args: string[]): { status: number | null; output: string } {
  return drawOnTerminalWith({}, pins, ...args);
}

/** As drawOnTerminal; `stdinFile` becomes standard input (balls) while the PINs still come from the terminal. */
export function drawOnTerminalWith(options: { stdinFile?: string }, pins: string[], ...args: string[]): { status: number | null; output: string } {
  const command = options.stdinFile === undefined
    ? [process.execPath, DRAW, ...args]
    : ['sh', '-c', 'f=$1; shift; exec "$@" < "$f"', 'sh', options.stdinFile, process.execPath, DRAW, ...args];
  const r = spawnSync('python3', [PTY_RUN, ...pins, '--', ...command], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, output: r.stdout + r.stderr };
}
