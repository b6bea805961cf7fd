// The screens' one client of the kiosk API: commands and the pushed view, over Electron IPC
// (the preload's `kioskIpc`) or the loopback WebSocket. The screens never see which.
import type { CommandName, KioskCommands, KioskError, KioskView, ServerMessage } from '../../draw-core/kiosk-api.ts';

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
    kioskShell?: { pickPackage(): Promise<string | undefined>; openReport(bundleName: string): Promise<void> };
  }
}

function webSocketTransport(): Transport {
  const pending = new Map<number, (reply: Reply) => void>();
  const viewListeners: ((view: KioskView) => void)[] = [];
  let nextId = 1;
  let socket: WebSocket;
  let ready: Promise<void>;
  const connect = () => {
    socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`);
    ready = new Promise((resolve) => socket.addEventListener('open', () => resolve()));
    socket.addEventListener('message', (e) => {
      const m = JSON.parse(String(e.data)) as ServerMessage;
      if (m.kind === 'view') for (const l of viewListeners) l(m.view);
      else pending.get(m.id)?.(m.ok ? { ok: true, result: m.result } : { ok: false, error: m.error });
    });
    // A dropped socket (the host restarting) comes back by itself; the view is re-sent on connect.
    socket.addEventListener('close', () => setTimeout(connect, 1000));
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

  constructor(transport: Transport = window.kioskIpc ?? webSocketTransport()) {
    this.#transport = transport;
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
