// A real OBS Studio under Xvfb for tests: a throwaway HOME with global.ini (obs-websocket
// enabled, port, password) and a profile that records a small mkv into a temp folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './packages.ts';
import { sleep } from './pty-pair.ts';

export interface RealObs {
  readonly url: string;
  readonly password: string;
  readonly recordings: string;
  readonly port: number;
  start(): Promise<void>;
  kill(): Promise<void>;
}

let nextPort = 4470 + (process.pid % 200);

export function realObs(password = 'obs-secret-1'): RealObs {
  const home = tempDir('obs-home-');
  const recordings = tempDir('obs-recordings-');
  const port = nextPort++;
  const config = join(home, '.config', 'obs-studio');
  mkdirSync(join(config, 'basic', 'profiles', 'Draw'), { recursive: true });
  mkdirSync(join(config, 'basic', 'scenes'), { recursive: true });
  writeFileSync(join(config, 'global.ini'), `[General]
FirstRun=true

[Basic]
Profile=Draw
ProfileDir=Draw
SceneCollection=Draw
SceneCollectionFile=Draw

[OBSWebSocket]
FirstLoad=false
ServerEnabled=true
ServerPort=${port}
AlertsEnabled=false
AuthRequired=true
ServerPassword=${password}
`);
  writeFileSync(join(config, 'basic', 'profiles', 'Draw', 'basic.ini'), `[General]
Name=Draw

[Output]
Mode=Simple

[SimpleOutput]
FilePath=${recordings}
RecFormat=mkv
RecFormat2=mkv
RecQuality=Stream
VBitrate=500
ABitrate=64

[Video]
BaseCX=640
BaseCY=360
OutputCX=640
OutputCY=360
FPSType=0
FPSCommon=30
`);
  let child: ChildProcess | undefined;
  return {
    url: `ws://127.0.0.1:${port}`,
    password,
    recordings,
    port,
    start: async () => {
      child = spawn('xvfb-run', ['-a', '-s', '-screen 0 1280x720x24', 'obs', '--disable-shutdown-check', '--minimize-to-tray', '--multi'], {
        env: { ...process.env, HOME: home, LIBGL_ALWAYS_SOFTWARE: '1' }, stdio: 'ignore', detached: true,
      });
      for (let i = 0; i < 300; i++) {
        if (await listening(port)) return;
        await sleep(100);
      }
      throw new Error('OBS did not start its websocket server');
    },
    kill: async () => {
      if (child?.pid && child.exitCode === null) {
        const exited = new Promise((resolve) => child!.once('exit', resolve));
        process.kill(-child.pid, 'SIGKILL'); // xvfb-run, Xvfb and obs together
        await exited;
      }
      for (let i = 0; i < 100 && (await listening(port)); i++) await sleep(50);
    },
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
