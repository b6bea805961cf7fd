// The screens' one client of the kiosk service: commands and the pushed view, over Electron IPC
// (the preload's `kioskIpc`) or the loopback WebSocket; the screens never see which. The client
// owns the connection: it reconnects by itself, answers a call the connection dropped under
// with a failure, and says whether it is connected, so no screen deals with any of it.
import type { Failure, Outcome } from '../../electron/contract/failures.ts';
import type { Capability, CommandName, KioskCommands, KioskView, ServerMessage } from '../../electron/contract/kiosk-api.ts';

/**
 * connecting: not yet connected; reconnecting: the connection dropped (the service restarting)
 * and a new one is being tried; shut-out: the page's token was rotated away, only its new URL
 * gets in, so nothing is tried.
 */
export type Connection = 'connecting' | 'connected' | 'reconnecting' | 'shut-out';

/** What the Electron preload bridges (contextBridge): the same calls and views as the socket. */
interface KioskIpc {
  call(command: CommandName, args: unknown): Promise<Outcome<unknown>>;
  onView(listener: (view: KioskView) => void): void;
}

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge). */
    kioskIpc?: KioskIpc;
    /** The shell's file dialog, in Electron only. */
    kioskShell?: { pickPackage(): Promise<string | undefined>; pickBundleFolder(): Promise<string | undefined>; openReport(bundleName: string): Promise<void> };
  }
}

/** A call the connection dropped under, or made while there is none. */
export const CONNECTION_LOST: Failure = { kind: 'connection-lost' };

/** What a transport tells the client. */
interface TransportEvents {
  /** A view; `fresh` for the first of a new connection, where the service may have restarted and counts versions from 0 again. */
  view(view: KioskView, fresh: boolean): void;
  connection(state: Connection): void;
}

type Send = (command: CommandName, args: unknown) => Promise<Outcome<unknown>>;

/** Anything unexpected on the way (a reply that cannot cross IPC...) is said as an internal failure. */
const unexpected = (e: unknown): Outcome<never> => ({ ok: false, failure: { kind: 'internal', detail: String(e) } });

/** IPC lives as long as the window: it is connected from the start and never drops. */
function ipcTransport(ipc: KioskIpc, events: TransportEvents): Send {
  events.connection('connected');
  // The preload asks for the view and follows pushes: the two may cross, so none is fresh.
  ipc.onView((view) => events.view(view, false));
  return (command, args) => ipc.call(command, args).catch(unexpected);
}

/** The service closes a socket with this code when its token has been rotated away. */
const TOKENS_ROTATED = 4001;
/** Waits between attempts to reach the service again: doubling from a quarter of a second up to five seconds. */
export const RETRY_MS = { first: 250, max: 5000 } as const;

function socketTransport(capability: Capability, events: TransportEvents): Send {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/${capability}`;
  /** Calls sent on the open socket, by id, until answered or the socket drops. */
  const pending = new Map<number, (outcome: Outcome<unknown>) => void>();
  let nextId = 1;
  let open: WebSocket | undefined;
  let retryMs: number = RETRY_MS.first;
  const connect = () => {
    // The page's own cookie for its capability lets this socket in (set when it was opened with ?token=).
    const socket = new WebSocket(url);
    let fresh = true;
    socket.addEventListener('open', () => {
      open = socket;
      retryMs = RETRY_MS.first;
      events.connection('connected');
    });
    socket.addEventListener('message', (e) => {
      const m = JSON.parse(String(e.data)) as ServerMessage;
      if (m.kind === 'view') {
        events.view(m.view, fresh);
        fresh = false;
        return;
      }
      const answer = pending.get(m.id);
      pending.delete(m.id);
      answer?.(m.outcome);
    });
    socket.addEventListener('close', (e) => {
      open = undefined;
      // Whatever the service did with them, their answers are gone with the connection.
      for (const answer of pending.values()) answer({ ok: false, failure: CONNECTION_LOST });
      pending.clear();
      if (e.code === TOKENS_ROTATED) {
        events.connection('shut-out');
        return;
      }
      events.connection('reconnecting');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, RETRY_MS.max);
    });
  };
  connect();
  return (command, args) => {
    // Never queued for a later connection: a command pressed during a drop must not happen by surprise after it.
    if (!open) return Promise.resolve({ ok: false, failure: CONNECTION_LOST });
    const socket = open;
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, command, args }));
    });
  };
}

export class KioskClient {
  #view: KioskView | undefined;
  #connection: Connection = 'connecting';
  readonly #viewListeners = new Set<(view: KioskView) => void>();
  readonly #connectionListeners = new Set<(connection: Connection) => void>();
  readonly #send: Send;

  /** In Electron the preload's IPC; in a browser the loopback socket of the page's capability. */
  constructor(capability: Capability) {
    const events: TransportEvents = {
      view: (view, fresh) => {
        if (!fresh && this.#view && view.version < this.#view.version) return;
        this.#view = view;
        for (const listener of this.#viewListeners) listener(view);
      },
      connection: (connection) => {
        this.#connection = connection;
        for (const listener of this.#connectionListeners) listener(connection);
      },
    };
    this.#send = window.kioskIpc ? ipcTransport(window.kioskIpc, events) : socketTransport(capability, events);
  }

  /** The latest view (undefined until the first arrives). */
  get view(): KioskView | undefined {
    return this.#view;
  }

  get connection(): Connection {
    return this.#connection;
  }

  /** Calls `listener` with every newer view; returns the way to stop. */
  onView(listener: (view: KioskView) => void): () => void {
    this.#viewListeners.add(listener);
    return () => this.#viewListeners.delete(listener);
  }

  /** Calls `listener` on every change of the connection; returns the way to stop. */
  onConnection(listener: (connection: Connection) => void): () => void {
    this.#connectionListeners.add(listener);
    return () => this.#connectionListeners.delete(listener);
  }

  /** A command's result or its failure; never throws. */
  async call<C extends CommandName>(command: C, args: KioskCommands[C]['args']): Promise<Outcome<KioskCommands[C]['result']>> {
    return (await this.#send(command, args)) as Outcome<KioskCommands[C]['result']>;
  }
}

/**
 * Posts a package (.zip) to the browser kiosk's /upload: its upload id, for
 * importPackage({ upload }). The page's console cookie lets it in.
 */
export async function uploadPackage(file: File): Promise<Outcome<string>> {
  let res: Response;
  try {
    res = await fetch('/upload', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: file });
  } catch {
    return { ok: false, failure: CONNECTION_LOST };
  }
  const body = (await res.text()).trim();
  if (!res.ok) return { ok: false, failure: { kind: 'upload-refused', status: res.status, detail: body } };
  return { ok: true, value: (JSON.parse(body) as { upload: string }).upload };
}
