// The screens' one client of the kiosk API: commands and the pushed view, over Electron IPC
// (the preload's `kioskIpc`) or the loopback WebSocket. The screens never see which.
import type { Capability, CommandName, KioskCommands, KioskError, KioskView, ServerMessage } from '../../electron/contract/kiosk-api.ts';

export class KioskCommandError extends Error {
  readonly error: KioskError;
  constructor(error: KioskError) {
    super(`${error.zh} / ${error.en}`);
    this.error = error;
  }
}

type Reply = { ok: true; result: unknown } | { ok: false; error: KioskError };

/** What a transport must carry: a command and its reply; views pushed by the service. */
interface Transport {
  call(command: CommandName, args: unknown): Promise<Reply>;
  onView(listener: (view: KioskView) => void): void;
}

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge). */
    kioskIpc?: Transport;
    /** The shell's file dialog, in Electron only. */
    kioskShell?: { pickPackage(): Promise<string | undefined>; pickBundleFolder(): Promise<string | undefined>; openReport(bundleName: string): Promise<void> };
  }
}


/** The service closes a socket with this code when its token has been rotated away. */
const TOKENS_ROTATED = 4001;

function webSocketTransport(capability: Capability): Transport {
  const pending = new Map<number, (reply: Reply) => void>();
  const viewListeners: ((view: KioskView) => void)[] = [];
  let nextId = 1;
  let socket: WebSocket;
  let ready: Promise<void>;
  const connect = () => {
    // The page's own cookie for its capability lets this socket in (set when it was opened with ?token=).
    socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/${capability}`);
    ready = new Promise((resolve) => socket.addEventListener('open', () => resolve()));
    socket.addEventListener('message', (e) => {
      const m = JSON.parse(String(e.data)) as ServerMessage;
      if (m.kind === 'view') for (const l of viewListeners) l(m.view);
      else pending.get(m.id)?.(m.ok ? { ok: true, result: m.result } : { ok: false, error: m.error });
    });
    // A dropped socket (the host restarting) comes back by itself; the view is re-sent on connect.
    // Shut out by a token rotation, the page needs its new URL: retrying would only be refused.
    socket.addEventListener('close', (e) => e.code !== TOKENS_ROTATED && setTimeout(connect, 1000));
  };
  connect();
  return {
    call: async (command, args) => {
      await ready;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, (reply) => {
          pending.delete(id);
          resolve(reply);
        });
        socket.send(JSON.stringify({ id, command, args }));
      });
    },
    onView: (listener) => viewListeners.push(listener),
  };
}

export class KioskClient {
  readonly #transport: Transport;
  view: KioskView | undefined;

  /** In Electron the preload's IPC; in a browser the loopback socket of the page's capability. */
  constructor(capability: Capability) {
    this.#transport = window.kioskIpc ?? webSocketTransport(capability);
    this.#transport.onView((v) => {
      if (!this.view || v.version >= this.view.version) this.view = v;
    });
  }

  onView(listener: (view: KioskView) => void): void {
    this.#transport.onView(listener);
  }

  async call<C extends CommandName>(command: C, args: KioskCommands[C]['args']): Promise<KioskCommands[C]['result']> {
    const reply = await this.#transport.call(command, args);
    if (!reply.ok) throw new KioskCommandError(reply.error);
    return reply.result as KioskCommands[C]['result'];
  }
}

/**
 * Posts a package (.zip) to the browser host's /upload: its upload id, for
 * importPackage({ upload }). The page's console cookie lets it in.
 */
export async function uploadPackage(file: File): Promise<string> {
  let res: Response;
  try {
    res = await fetch('/upload', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: file });
  } catch (e) {
    throw new KioskCommandError({ code: 'upload', zh: `上传失败：${String(e)}`, en: `the upload failed: ${String(e)}` });
  }
  const body = (await res.text()).trim();
  if (!res.ok) throw new KioskCommandError({ code: 'upload', zh: `上传被拒绝：${body}`, en: `the upload was refused: ${body}` });
  return (JSON.parse(body) as { upload: string }).upload;
}
