// The only bridge between a screen and the main process (contextIsolation + sandbox): the
// kiosk API's two calls, and a file dialog for the package. Nothing else of Node or Electron.
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
  openReport: (bundleName: string): Promise<void> => ipcRenderer.invoke('kiosk:open-report', bundleName),
});
