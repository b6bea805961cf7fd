// The only bridge between a screen and the main process (contextIsolation + sandbox): the
// kiosk API's two calls, and the shell's dialogs and report printing. Nothing else of Node or
// Electron. Both screens get the same bridge; the main process decides what each may do.
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('kioskIpc', {
  call: (command: string, args: unknown) => ipcRenderer.invoke('kiosk:call', command, args),
  onView: (listener: (view: unknown) => void) => {
    ipcRenderer.on('kiosk:view', (_event, view: unknown) => listener(view));
    void ipcRenderer.invoke('kiosk:view').then(listener);
  },
});

contextBridge.exposeInMainWorld('kioskShell', {
  pickPackage: (): Promise<string | undefined> => ipcRenderer.invoke('kiosk:pick-package'),
  /** A folder the host chooses for the evidence bundle; only such a folder (or a removable drive) is accepted. */
  pickBundleFolder: (): Promise<string | undefined> => ipcRenderer.invoke('kiosk:pick-bundle-folder'),
  openReport: (bundleName: string): Promise<void> => ipcRenderer.invoke('kiosk:open-report', bundleName),
});
