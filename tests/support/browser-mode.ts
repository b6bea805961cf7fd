// Browser mode as `npm run start:web` runs it: a real process on loopback, its two lines read.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tempDir } from './packages.ts';

const START_WEB = fileURLToPath(new URL('../../electron/web/start-web.ts', import.meta.url));

export interface BrowserMode {
  readonly consoleUrl: string;
  readonly stageUrl: string;
  readonly lines: string[];
  readonly child: ChildProcess;
  readonly dataDir: string;
  /** Still running (not exited, not killed). */
  alive(): boolean;
  /** SIGTERM: the orderly stop. */
  /** Given as --bundle-folder: where the host may write the bundle, as if chosen in the shell's dialog. */
  readonly bundleFolder: string;
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing cleaned up. */
  kill(): Promise<void>;
}

/** Starts start-web on a fresh data folder, or on `dataDir` again (as after a restart). */
export async function startBrowserMode(dataDir = tempDir('kiosk-data-')): Promise<BrowserMode> {
  const bundleFolder = tempDir('kiosk-bundles-');
  const child = spawn(process.execPath, [START_WEB, '--bundle-folder', bundleFolder], { env: { ...process.env, DRAW_KIOSK_DATA: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.split('\n').length > 2) resolve();
    });
    child.once('exit', (code) => reject(new Error(`start-web exited with ${code}`)));
  });
  const lines = out.trimEnd().split('\n');
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(name);
    await exited;
  };
  return {
    consoleUrl: lines[0]!.replace(/^console: /, ''),
    stageUrl: lines[1]!.replace(/^stage: /, ''),
    lines,
    child,
    dataDir,
    bundleFolder,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
}
