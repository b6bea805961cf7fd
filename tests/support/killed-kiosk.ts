// Test-only: the kiosk's service in a child process that runs the commands it is given (each
// must succeed), then kills itself with SIGKILL, its ceremony open: a crash, nothing disposed.
// Run as a script: node tests/support/killed-kiosk.ts DATA_DIR BUNDLE_FOLDER, the steps as JSON on stdin.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CommandName, KioskCommands } from '../../electron/contract/kiosk-api.ts';
import { failureLine } from '../../electron/contract/failures.ts';
import { KioskService } from '../../electron/service/kiosk-service.ts';
import { realDevices } from '../../electron/service/devices.ts';

const SELF = fileURLToPath(import.meta.url);

export type Step = { [C in CommandName]: [C, KioskCommands[C]['args']] }[CommandName];

/** Runs `steps` on a kiosk service over `dataDir` in a child process, which then SIGKILLs itself. */
export function kioskKilledAfter(dataDir: string, bundleFolder: string, steps: readonly Step[]): { signal: NodeJS.Signals | null; stderr: string } {
  const r = spawnSync(process.execPath, [SELF, dataDir, bundleFolder], { encoding: 'utf8', timeout: 60_000, input: JSON.stringify(steps) });
  return { signal: r.signal, stderr: r.stderr };
}

if (import.meta.main) {
  const [dataDir, bundleFolder] = process.argv.slice(2);
  const kiosk = new KioskService(realDevices(dataDir!));
  kiosk.allowBundleFolder(bundleFolder!);
  for (const [command, args] of JSON.parse(readFileSync(0, 'utf8')) as Step[]) {
    const done = await kiosk.call(command, args as never);
    if (!done.ok) {
      process.stderr.write(`${command}: ${failureLine(done.failure)}\n`);
      process.exit(1);
    }
  }
  process.kill(process.pid, 'SIGKILL');
}
