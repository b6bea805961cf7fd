// The browser host as `npm run start:web` runs it: a real process on loopback, its two lines read.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tempDir } from './packages.ts';

const START_WEB = fileURLToPath(new URL('../../electron/web/start-web.ts', import.meta.url));

export interface WebHost {
  readonly consoleUrl: string;
  readonly stageUrl: string;
  readonly lines: string[];
  readonly child: ChildProcess;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export async function startWebHost(): Promise<WebHost> {
  const dataDir = tempDir('kiosk-data-');
  const child = spawn(process.execPath, [START_WEB], { env: { ...process.env, DRAW_KIOSK_DATA: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.split('\n').length > 2) resolve();
    });
    child.once('exit', (code) => reject(new Error(`start-web exited with ${code}`)));
  });
  const lines = out.trimEnd().split('\n');
  return {
    consoleUrl: lines[0]!.replace(/^console: /, ''),
    stageUrl: lines[1]!.replace(/^stage: /, ''),
    lines,
    child,
    dataDir,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
