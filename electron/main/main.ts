// The Electron shell, kept thin: windows, the app:// protocol, IPC, hardening. Everything it
// calls (KioskService, the loopback server for OBS) is plain Node and tested without Electron.
import { app, BrowserWindow, dialog, ipcMain, protocol, screen, session, shell, type IpcMainInvokeEvent, type Session } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFailure, type Outcome } from '../contract/failures.ts';
import type { KioskView } from '../contract/kiosk-api.ts';
import { toFailure } from '../node/failure.ts';
import { KioskService } from '../service/kiosk-service.ts';
import { realDevices } from '../service/devices.ts';
import { STAGE_WINDOW_TITLE } from '../../hardware/obs/director.ts';
import { appAssetFile, screenRoots } from '../web/asset-path.ts';
import { startKioskServer } from '../web/server.ts';
import { mayCall, pageOf, screenAt, type Screen } from './screen-access.ts';

const ORIGIN = 'app://kiosk';
const here = fileURLToPath(new URL('.', import.meta.url));
const screens = join(here, '../renderer');
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'";

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) app.quit();

let consoleWindow: BrowserWindow | undefined;
let stageWindow: BrowserWindow | undefined;

const secure = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
  preload: join(here, 'preload.cjs'),
} as const;

/** Which screen sent this: the top frame of our console or stage window on its own page, or none. */
function senderScreen(event: IpcMainInvokeEvent): Screen | undefined {
  const window = event.sender === consoleWindow?.webContents ? 'console' : event.sender === stageWindow?.webContents ? 'stage' : undefined;
  const frame = event.senderFrame;
  return screenAt(window, frame ? { url: frame.url, top: frame.parent === null } : undefined);
}

/** No page gets a camera, microphone, notification, device, clipboard or any other permission, asked or checked. */
function lockDown(s: Session): void {
  s.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  s.setDevicePermissionHandler(() => false);
}
// Every session, the default one and any created later.
app.on('session-created', lockDown);

function placeStage(kiosk: KioskService): void {
  const displays = screen.getAllDisplays();
  const primary = screen.getPrimaryDisplay();
  const second = displays.find((d) => d.id !== primary.id);
  if (!stageWindow) {
    stageWindow = new BrowserWindow({ title: STAGE_WINDOW_TITLE, backgroundColor: '#07101f', show: false, webPreferences: secure });
    void stageWindow.loadURL(`${ORIGIN}/stage.html`);
    stageWindow.once('ready-to-show', () => stageWindow?.show());
    // OBS captures this window by its title: the page's own <title> must not replace it.
    stageWindow.on('page-title-updated', (event) => event.preventDefault());
    stageWindow.on('closed', () => (stageWindow = undefined));
  }
  if (second) {
    stageWindow.setFullScreen(false);
    stageWindow.setBounds(second.bounds);
    stageWindow.setFullScreen(true);
  } else {
    stageWindow.setFullScreen(false);
    stageWindow.setBounds({ x: primary.workArea.x + 80, y: primary.workArea.y + 80, width: 960, height: 540 });
  }
  kiosk.setDisplays(displays.map((d) => ({ id: String(d.id), label: `${d.label || d.id} ${d.size.width}×${d.size.height}`, stage: d.id === (second ?? primary).id })));
}

app.whenReady().then(async () => {
  lockDown(session.defaultSession);
  const dataDir = join(app.getPath('userData'), 'kiosk');
  const roots = screenRoots(screens, dataDir);
  const kiosk = new KioskService(realDevices(dataDir), { organization: roots.organization });
  // The same stage for OBS's browser source, on loopback. The server hands the service only the
  // stage's URL, with the stage token (read-only), for OBS; the tokens survive a restart.
  const server = await startKioskServer(kiosk, roots, { dataDir });

  // Exactly the screens' regular files (electron/web/asset-path.ts); anything else is 404.
  protocol.handle('app', async (request) => {
    const file = request.method === 'GET' ? appAssetFile(roots, request.url) : undefined;
    const body = file && (await readFile(file.path).catch(() => undefined));
    if (!file || !body) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    return new Response(body, { headers: { 'content-type': file.type, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' } });
  });

  // Only the console drives the ceremony; the stage reads (electron/main/screen-access.ts).
  ipcMain.handle('kiosk:call', async (event, command: unknown, args: unknown): Promise<Outcome<unknown>> => {
    const screen = senderScreen(event);
    if (!mayCall(screen, command)) {
      kiosk.logOperation('command-refused', { channel: 'ipc', screen: screen ?? 'none', command: typeof command === 'string' ? command.slice(0, 100) : typeof command, failure: 'forbidden' });
      return { ok: false, failure: { kind: 'forbidden' } };
    }
    return kiosk.call(command as never, args as never);
  });
  ipcMain.handle('kiosk:view', (event) => (senderScreen(event) ? kiosk.view() : undefined));
  ipcMain.handle('kiosk:pick-package', async (event) => {
    if (senderScreen(event) !== 'console' || !consoleWindow) return undefined;
    const r = await dialog.showOpenDialog(consoleWindow, { title: '选择封存数据包 / Choose the sealed package', properties: ['openFile', 'openDirectory'], filters: [{ name: 'zip', extensions: ['zip'] }] });
    return r.canceled ? undefined : r.filePaths[0];
  });
  // Besides the removable drives listed, the bundle may go only to a folder the host chose here.
  ipcMain.handle('kiosk:pick-bundle-folder', async (event) => {
    if (senderScreen(event) !== 'console' || !consoleWindow) return undefined;
    const r = await dialog.showOpenDialog(consoleWindow, { title: '选择证据包存放的文件夹 / Choose the folder for the evidence bundle', properties: ['openDirectory'] });
    const folder = r.canceled ? undefined : r.filePaths[0];
    if (folder !== undefined) kiosk.allowBundleFolder(folder);
    return folder;
  });
  // The signed report, printed through the system's PDF viewer and its print dialog.
  ipcMain.handle('kiosk:open-report', async (event, bundleName: unknown) => {
    if (senderScreen(event) !== 'console' || typeof bundleName !== 'string') return;
    const path = kiosk.reportPath(bundleName);
    if (path) await shell.openPath(path);
  });
  kiosk.subscribe((view: KioskView) => {
    for (const w of [consoleWindow, stageWindow]) w?.webContents.send('kiosk:view', view);
  });

  consoleWindow = new BrowserWindow({ title: '摇号仪式控制台 / Draw ceremony console', width: 1400, height: 960, backgroundColor: '#0f1a2b', webPreferences: secure });
  void consoleWindow.loadURL(`${ORIGIN}/console.html`);
  consoleWindow.on('close', (e) => {
    const phase = kiosk.view().ceremony?.state.phase;
    if (phase && phase !== 'closed' && phase !== 'aborted') {
      const choice = dialog.showMessageBoxSync(consoleWindow!, { type: 'warning', buttons: ['继续仪式 / Stay', '退出 / Quit'], defaultId: 0, cancelId: 0,
        message: '仪式尚未结束。退出后可从日志继续。/ The ceremony is still open. It can be resumed from its journal.' });
      if (choice === 0) e.preventDefault();
    }
  });
  consoleWindow.on('closed', () => app.quit());
  placeStage(kiosk);
  screen.on('display-added', () => placeStage(kiosk));
  screen.on('display-removed', () => placeStage(kiosk));

  app.on('second-instance', () => consoleWindow?.focus());
  app.on('before-quit', () => {
    void server.close();
    void kiosk.dispose();
  });
}).catch((e: unknown) => {
  // Nothing to show the ceremony on (e.g. a broken tokens file): say what, where and what to do, and stop.
  const failure = toFailure(e);
  const { what, next } = describeFailure(failure);
  const where = failure.kind === 'input' ? `\n${failure.file}` : '';
  dialog.showErrorBox('摇号仪式终端无法启动 / The kiosk cannot start', `${what.zh}\n${what.en}${where}\n\n${next.zh}\n${next.en}`);
  app.exit(1);
});

// No remote content, no navigation away, no new windows.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (e, url) => {
    if (!pageOf(url)) e.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (e) => e.preventDefault());
});
