// A rehearsal driven through the kiosk's API in process, stopped at any phase: for the
// screenshots and the stage benchmark, which show the real screens in each state.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandName, KioskCommands } from '../../electron/contract/kiosk-api.ts';
import { unwrap } from '../../electron/node/failure.ts';
import { KioskService } from '../../electron/service/kiosk-service.ts';
import { realDevices } from '../../electron/service/devices.ts';
import { screenRoots } from '../../electron/web/asset-path.ts';
import { startKioskServer, type KioskServer } from '../../electron/web/server.ts';
import { tempDir, writePackage, type TestPool } from './packages.ts';
import { NAMES } from './ceremony-names.ts';
import { lastRevealPage } from './reveal-end.ts';

export const SCREENS = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
export const SAMPLE_BALLS = '048213';

export interface Scenario {
  readonly host: KioskService;
  readonly server: KioskServer;
  /** Where the bundle is written at 'sealed'. */
  readonly bundleDir: string;
  /** Runs the ceremony on to the given point. */
  step(to: 'imported' | 'seeding' | 'seed-confirmed' | 'reveal' | 'sealed' | 'closed'): Promise<void>;
  close(): Promise<void>;
}

/** Codes like the management system's: 13 digits, ascending. */
export function applicantCodes(n: number, prefix = '46010'): [string, number][] {
  return Array.from({ length: n }, (_, i) => [`${prefix}${String(10_000_000 + i * 37).padStart(8, '0')}`, 1 + (i % 7 === 0 ? 1 : 0)]);
}

export async function startScenario(pools: TestPool[]): Promise<Scenario> {
  const pkg = writePackage(pools, { balls: SAMPLE_BALLS.length });
  const dataDir = tempDir('kiosk-scenario-');
  const host = new KioskService(realDevices(dataDir), { pageSize: 20 });
  const server = await startKioskServer(host, screenRoots(SCREENS, dataDir), { dataDir });
  /** Each step must succeed: a failure stops the scenario in the mapper's words. */
  const call = async <C extends CommandName>(command: C, args: KioskCommands[C]['args']) => unwrap(await host.call(command, args));
  await call('createCeremony', { period: 'test-1', kind: 'quota-allocation', rehearsal: true, ...NAMES });
  const bundleDir = join(tempDir(), 'bundle');
  host.allowBundleFolder(dirname(bundleDir));
  const done = new Set<string>();
  const once = async (name: string, f: () => Promise<unknown>) => {
    if (!done.has(name)) await f();
    done.add(name);
  };
  const order = ['imported', 'seeding', 'seed-confirmed', 'reveal', 'sealed', 'closed'] as const;
  return {
    host,
    server,
    bundleDir,
    step: async (to) => {
      for (const s of order.slice(0, order.indexOf(to) + 1)) {
        if (s === 'imported') await once(s, () => call('importPackage', { path: pkg }));
        if (s === 'seeding') await once(s, async () => {
          await call('confirmSealDigest', {});
          for (const d of SAMPLE_BALLS.slice(0, 4)) await call('enterManualBall', { hostDigit: d, notaryDigit: d });
        });
        if (s === 'seed-confirmed') await once(s, async () => {
          for (const d of SAMPLE_BALLS.slice(4)) await call('enterManualBall', { hostDigit: d, notaryDigit: d });
          await call('confirmSeed', {});
        });
        if (s === 'reveal') await once(s, async () => {
          await call('computeResults', {});
          await call('revealTo', { pool: 0, page: 0 });
        });
        if (s === 'sealed') await once(s, async () => {
          await call('revealTo', lastRevealPage(host.view())); // the bundle follows the reveal's last page
          await call('writeBundle', { target: bundleDir });
        });
        if (s === 'closed') await once(s, () => call('closeCeremony', {}));
      }
    },
    close: async () => {
      await server.close();
      await host.dispose();
    },
  };
}
