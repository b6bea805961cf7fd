// The Electron shell, kept thin: windows, the app:// protocol, IPC, hardening. Everything it
// calls (KioskHost, the loopback server for OBS) is plain Node and tested without Electron.
import { app, BrowserWindow, dialog, ipcMain, net, protocol, screen, session, shell, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { KioskView } from '../../draw-core/kiosk-api.ts';
import { KioskHost, kioskError } from '../service/kiosk-host.ts';
import { startKioskServer } from '../web/server.ts';

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

/** Only our own pages may call the API. */
function trusted(contents: WebContents, frameUrl: string | undefined): boolean {
  return (contents === consoleWindow?.webContents || contents === stageWindow?.webContents) && (frameUrl ?? '').startsWith(`${ORIGIN}/`);
}

function placeStage(host: KioskHost): void {
  const displays = screen.getAllDisplays();
  const primary = screen.getPrimaryDisplay();
  const second = displays.find((d) => d.id !== primary.id);
  if (!stageWindow) {
    stageWindow = new BrowserWindow({ title: '摇号大屏 / Stage', backgroundColor: '#07101f', show: false, webPreferences: secure });
    void stageWindow.loadURL(`${ORIGIN}/stage.html`);
    stageWindow.once('ready-to-show', () => stageWindow?.show());
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
  host.setDisplays(displays.map((d) => ({ id: String(d.id), label: `${d.label || d.id} ${d.size.width}×${d.size.height}`, stage: d.id === (second ?? primary).id })));
}

app.whenReady().then(async () => {
  const host = new KioskHost({ dataDir: join(app.getPath('userData'), 'kiosk') });
  // The same stage for OBS's browser source, on loopback with a token.
  const server = await startKioskServer(host, screens);
  host.setStageUrl(server.stageUrl);

  protocol.handle('app', (request) => {
    const url = new URL(request.url);
    const path = normalize(join(screens, decodeURIComponent(url.pathname)));
    if (url.host !== 'kiosk' || !path.startsWith(screens) || !existsSync(path)) return new Response('not found', { status: 404 });
    return net.fetch(pathToFileURL(path).toString()).then((res) => new Response(res.body, { headers: { 'content-type': res.headers.get('content-type') ?? 'application/octet-stream', 'content-security-policy': CSP } }));
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  ipcMain.handle('kiosk:call', async (event, command: string, args: unknown) => {
    if (!trusted(event.sender, event.senderFrame?.url)) return { ok: false, error: { code: 'forbidden', zh: '拒绝', en: 'forbidden' } };
    try {
      return { ok: true, result: await host.call(command as never, args as never) };
    } catch (e) {
      return { ok: false, error: kioskError(e) };
    }
  });
  ipcMain.handle('kiosk:view', (event) => (trusted(event.sender, event.senderFrame?.url) ? host.view() : undefined));
  ipcMain.handle('kiosk:pick-package', async (event) => {
    if (!trusted(event.sender, event.senderFrame?.url) || !consoleWindow) return undefined;
    const r = await dialog.showOpenDialog(consoleWindow, { title: '选择封存数据包 / Choose the sealed package', properties: ['openFile', 'openDirectory'], filters: [{ name: 'zip', extensions: ['zip'] }] });
    return r.canceled ? undefined : r.filePaths[0];
  });
  // The signed report, printed through the system's PDF viewer and its print dialog.
  ipcMain.handle('kiosk:open-report', async (event, bundleName: string) => {
    if (!trusted(event.sender, event.senderFrame?.url)) return;
    const path = host.reportPath(bundleName);
    if (path) await shell.openPath(path);
  });
  host.subscribe((view: KioskView) => {
    for (const w of [consoleWindow, stageWindow]) w?.webContents.send('kiosk:view', view);
  });

  consoleWindow = new BrowserWindow({ title: '摇号仪式控制台 / Draw ceremony console', width: 1400, height: 960, backgroundColor: '#0f1a2b', webPreferences: secure });
  void consoleWindow.loadURL(`${ORIGIN}/console.html`);
  consoleWindow.on('close', (e) => {
    const phase = host.view().ceremony?.state.phase;
    if (phase && phase !== 'closed' && phase !== 'aborted') {
      const choice = dialog.showMessageBoxSync(consoleWindow!, { type: 'warning', buttons: ['继续仪式 / Stay', '退出 / Quit'], defaultId: 0, cancelId: 0,
        message: '仪式尚未结束。退出后可从日志继续。/ The ceremony is still open. It can be resumed from its journal.' });
      if (choice === 0) e.preventDefault();
    }
  });
  consoleWindow.on('closed', () => app.quit());
  placeStage(host);
  screen.on('display-added', () => placeStage(host));
  screen.on('display-removed', () => placeStage(host));

  app.on('second-instance', () => consoleWindow?.focus());
  app.on('before-quit', () => {
    void server.close();
    void host.dispose();
  });
});

// No remote content, no navigation away, no new windows.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (e, url) => {
    if (!url.startsWith(`${ORIGIN}/`)) e.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (e) => e.preventDefault());
});
