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
