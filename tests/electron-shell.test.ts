// No Electron binary runs here, so the shell is checked as far as it can be without one:
// it type-checks (npm test's typecheck), its pure rules (who may call what over IPC) run
// under Node, and its bundles build, the preload as one CommonJS file that needs nothing but
// electron, the main process needing only what ships. That the main process installs its
// handlers is checked only as text in the built bundle (docs/SECURITY.md says so).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandName } from '../electron/contract/kiosk-api.ts';
import { mayCall, pageOf, screenAt } from '../electron/main/screen-access.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('who may call what over IPC', () => {
  const top = (url: string) => ({ url, top: true });

  it('knows the console and the stage by their exact app://kiosk/ page', () => {
    expect(screenAt('console', top('app://kiosk/console.html'))).toBe('console');
    expect(screenAt('stage', top('app://kiosk/stage.html'))).toBe('stage');
  });

  for (const [window, frame, what] of [
    ['console', { url: 'app://kiosk/console.html', top: false }, 'a frame inside the console'],
    ['stage', { url: 'app://kiosk/stage.html', top: false }, 'a frame inside the stage'],
    ['stage', top('app://kiosk/console.html'), 'the console page in the stage window'],
    ['console', top('app://kiosk/stage.html'), 'the stage page in the console window'],
    [undefined, top('app://kiosk/console.html'), 'a window that is neither'],
    ['console', undefined, 'a frame that is gone'],
    ['console', top('app://evil/console.html'), 'another host'],
    ['console', top('app://kiosk/console.html?x=1'), 'a page with a query'],
    ['console', top('app://kiosk/assets/console.html'), 'another path'],
    ['console', top('http://127.0.0.1:8080/console.html'), 'the loopback page'],
    ['console', top('file:///console.html'), 'a file page'],
    ['console', top('not a url'), 'no URL'],
  ] as const) {
    it(`gives no screen to ${what}`, () => expect(screenAt(window, frame)).toBeUndefined());
  }

  it('lets the console send every command', () => {
    for (const c of ['createCeremony', 'useVirtualMachine', 'writeBundle', 'rotateTokens', 'revealPage'] satisfies CommandName[]) {
      expect(mayCall('console', c), c).toBe(true);
    }
  });

  it('lets the stage read its reveal page and nothing else', () => {
    expect(mayCall('stage', 'revealPage' satisfies CommandName)).toBe(true);
    const changes: CommandName[] = ['createCeremony', 'resumeCeremony', 'importPackage', 'useSerialMachine', 'useVirtualMachine',
      'enterManualBall', 'confirmSeed', 'revealTo', 'writeBundle', 'setStreaming', 'closeCeremony', 'abortCeremony', 'rotateTokens', 'listCeremonies'];
    for (const c of changes) expect(mayCall('stage', c), c).toBe(false);
  });

  it('lets no one else send anything, nor anything but a command name', () => {
    expect(mayCall(undefined, 'revealPage')).toBe(false);
    expect(mayCall(undefined, 'createCeremony')).toBe(false);
    expect(mayCall('console', { toString: () => 'createCeremony' })).toBe(false);
    expect(mayCall('stage', ['revealPage'])).toBe(false);
  });

  it('navigates only to the two pages', () => {
    expect(pageOf('app://kiosk/console.html')).toBe('console');
    expect(pageOf('app://kiosk/stage.html')).toBe('stage');
    for (const url of ['app://kiosk/', 'app://kiosk/assets/x.js', 'app://kiosk.evil/console.html', 'https://example.com/', 'app://kiosk/console.html#x']) {
      expect(pageOf(url), url).toBeUndefined();
    }
  });
});

describe('the Electron shell bundles', () => {
  let main = '';
  let preload = '';
  beforeAll(() => {
    for (const mode of ['main', 'preload']) {
      const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '-c', 'vite.electron.config.ts', '--mode', mode, '--logLevel', 'warn', '--outDir', join('dist', 'electron-test')], { cwd: root, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`vite build --mode ${mode} failed:\n${r.stderr}`);
    }
    main = readFileSync(join(root, 'dist/electron-test/main.js'), 'utf8');
    preload = readFileSync(join(root, 'dist/electron-test/preload.cjs'), 'utf8');
  }, 180_000);

  it('build, with a sandbox-ready preload and a main process with only shipped externals', () => {
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/\bimport\b/);
    const imports = new Set([...main.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]!));
    for (const i of imports) expect(['electron', 'better-sqlite3', 'serialport', 'ws', ...builtinModules].includes(i.replace(/^node:/, '')), i).toBe(true);
    expect(imports).toContain('electron');
    for (const hardening of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'requestSingleInstanceLock', 'setWindowOpenHandler', 'will-navigate', 'content-security-policy']) {
      expect(main).toContain(hardening);
    }
  });

  it('deny every permission request, check and device, on every session (as text: Electron cannot run here)', () => {
    expect(main).toMatch(/app\.on\("session-created", lockDown\)/);
    expect(main).toMatch(/lockDown\(session\.defaultSession\)/);
    const lockDown = /function lockDown\([^)]*\) \{([\s\S]*?)\n\}/.exec(main)?.[1] ?? '';
    expect(lockDown).toMatch(/\.setPermissionRequestHandler\(\([^)]*\) => callback\(false\)\)/);
    expect(lockDown).toMatch(/\.setPermissionCheckHandler\(\(\) => false\)/);
    expect(lockDown).toMatch(/\.setDevicePermissionHandler\(\(\) => false\)/);
  });

  it('gate every IPC channel on the sending screen (as text: Electron cannot run here)', () => {
    const channels = [...main.matchAll(/ipcMain\.handle\("([^"]+)"/g)].map((m) => m[1]);
    expect(channels.sort()).toEqual(['kiosk:call', 'kiosk:open-report', 'kiosk:pick-bundle-folder', 'kiosk:pick-package', 'kiosk:view']);
    // Each handler's first statement asks who sent it; commands go through mayCall.
    for (const handler of main.split(/ipcMain\.handle\(/).slice(1)) {
      expect(handler.split('\n').slice(0, 2).join('\n'), handler.slice(0, 40)).toMatch(/senderScreen\(event\)/);
    }
    expect(main).toMatch(/if \(!mayCall\(screen, command\)\)/);
    expect(main).not.toMatch(/ipcMain\.on\(/);
  });

  it('serve app://kiosk/ through the exact URL mapping (as text: Electron cannot run here)', () => {
    expect(main).toMatch(/protocol\.handle\("app"/);
    expect(main).toMatch(/appAssetFile\(roots, request\.url\)/);
    expect(main).not.toMatch(/net\.fetch/); // no file:// fetch behind the custom protocol
  });

  it('carry no test-only hook', () => {
    expect(main).not.toContain('DRAW_TEST_');
    expect(preload).not.toContain('DRAW_TEST_');
  });
});
