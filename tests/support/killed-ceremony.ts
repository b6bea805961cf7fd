// Test-only: `draw ceremony` that kills itself (SIGKILL) right after committing one event,
// through the service's afterCommit option. The shipped command line has no such hook.
// Run as a script: node tests/support/killed-ceremony.ts EVENT_SEQ CEREMONY_ARGS...
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ceremonyCommand } from '../../electron/cli/ceremony-command.ts';

const SELF = fileURLToPath(import.meta.url);

/** Runs `draw ceremony ARGS` in a child process that SIGKILLs itself after event `seq` is committed. */
export function ceremonyKilledAfter(seq: number, args: string[]): { status: number | null; signal: NodeJS.Signals | null; stderr: string } {
  const r = spawnSync(process.execPath, [SELF, String(seq), ...args], { encoding: 'utf8', timeout: 120_000, input: '' });
  return { status: r.status, signal: r.signal, stderr: r.stderr };
}

if (import.meta.main) {
  const [seq, ...args] = process.argv.slice(2);
  process.exitCode = await ceremonyCommand(args, { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) }, {
    afterCommit: (record) => {
      if (record.seq === Number(seq)) process.kill(process.pid, 'SIGKILL');
    },
  });
}
