// What the app knows of a ball machine, whatever its protocol or transport: identity,
// state, link, discarded-sentence counters, and balls as read. Drivers for other vendors'
// protocols implement BallMachine (see hardware/README.md).
import type { BallSource } from '../../draw-core/ceremony.ts';
import { SentenceReader, type DiscardReason, type MachineState, type Sentence } from './protocol.ts';

export type LinkState =
  /** The port is being opened, or open with nothing heard yet. */
  | 'connecting'
  | 'up'
  /** Open, but no heartbeat for 5 s. */
  | 'silent'
  /** Closed: cable pulled, adapter gone, port missing; the driver keeps trying to reopen it. */
  | 'down';

export interface MachineStatus {
  readonly port: string;
  readonly link: LinkState;
  /** Why the link is not up, in Chinese and English. */
  readonly linkReason?: string | undefined;
  readonly identity?: { readonly vendor: string; readonly model: string; readonly serial: string; readonly firmware: string } | undefined;
  readonly state?: MachineState | undefined;
  readonly stateCode?: string | undefined;
  readonly discarded: Readonly<Record<DiscardReason, number>>;
  readonly sentences: number;
}

export interface BallReading {
  readonly n: number;
  readonly digit: string;
  readonly source: BallSource;
  /** The sentence as received, e.g. `$BALL,3,7*07`. */
  readonly reading: string;
}

export interface BallMachine {
  readonly status: MachineStatus;
  onBall(listener: (ball: BallReading) => void): () => void;
  onStatus(listener: (status: MachineStatus) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const HEARTBEAT_SILENCE_MS = 5000;

type Listener<T> = (value: T) => void;

/**
 * The protocol side of a machine: bytes in; balls, identity, state, link and counters out.
 * Transports (a serial port, the in-process virtual machine) feed it bytes and tell it
 * when the link opens and closes.
 */
export class MachineLink {
  readonly #reader: SentenceReader;
  readonly #source: BallSource;
  readonly #ballListeners = new Set<Listener<BallReading>>();
  readonly #statusListeners = new Set<Listener<MachineStatus>>();
  readonly #silenceMs: number;
  #status: MachineStatus;
  #silenceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(port: string, source: BallSource, silenceMs = HEARTBEAT_SILENCE_MS) {
    this.#source = source;
    this.#silenceMs = silenceMs;
    this.#status = { port, link: 'connecting', discarded: { noise: 0, overlong: 0, badsum: 0, 'unknown-type': 0, malformed: 0 }, sentences: 0 };
    this.#reader = new SentenceReader((s) => this.#sentence(s), (reason) => this.#discard(reason));
  }

  get status(): MachineStatus {
    return this.#status;
  }

  onBall(listener: Listener<BallReading>): () => void {
    this.#ballListeners.add(listener);
    return () => this.#ballListeners.delete(listener);
  }

  onStatus(listener: Listener<MachineStatus>): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** The transport opened: wait for the machine to speak. */
  opened(): void {
    this.#update({ link: 'connecting', linkReason: undefined });
    this.#armSilence();
  }

  /** The transport closed or failed to open. */
  closed(reason: string): void {
    this.#disarmSilence();
    if (this.#status.link !== 'down' || this.#status.linkReason !== reason) this.#update({ link: 'down', linkReason: reason });
  }

  bytes(chunk: Uint8Array): void {
    this.#reader.push(chunk);
  }

  dispose(): void {
    this.#disarmSilence();
  }

  #sentence(s: Sentence): void {
    const base = { sentences: this.#status.sentences + 1 };
    switch (s.type) {
      case 'HB':
        this.#armSilence();
        this.#update({ ...base, link: 'up', linkReason: undefined });
        return;
      case 'HELLO':
        this.#update({ ...base, identity: { vendor: s.vendor, model: s.model, serial: s.serial, firmware: s.firmware }, ...this.#alive() });
        return;
      case 'STATE':
        this.#update({ ...base, state: s.state, stateCode: s.code, ...this.#alive() });
        return;
      case 'BALL':
        this.#update({ ...base, ...this.#alive() });
        for (const l of this.#ballListeners) l({ n: s.n, digit: s.digit, source: this.#source, reading: s.raw });
    }
  }

  /** Any valid sentence shows the link works; only the heartbeat clears a silence warning. */
  #alive(): Partial<MachineStatus> {
    return this.#status.link === 'connecting' ? { link: 'up' } : {};
  }

  #discard(reason: DiscardReason): void {
    this.#update({ discarded: { ...this.#status.discarded, [reason]: this.#status.discarded[reason] + 1 } });
  }

  #armSilence(): void {
    this.#disarmSilence();
    this.#silenceTimer = setTimeout(() => {
      if (this.#status.link !== 'down') this.#update({ link: 'silent', linkReason: `${this.#silenceMs / 1000} 秒无心跳 / no heartbeat for ${this.#silenceMs / 1000} s` });
    }, this.#silenceMs);
    this.#silenceTimer.unref?.();
  }

  #disarmSilence(): void {
    if (this.#silenceTimer) clearTimeout(this.#silenceTimer);
    this.#silenceTimer = undefined;
  }

  #update(change: Partial<MachineStatus>): void {
    this.#status = { ...this.#status, ...change };
    for (const l of this.#statusListeners) l(this.#status);
  }
}

/** A driver built on a MachineLink: what every driver shares, the transport left to it. */
export abstract class LinkedMachine implements BallMachine {
  protected readonly link: MachineLink;

  protected constructor(link: MachineLink) {
    this.link = link;
  }

  get status(): MachineStatus {
    return this.link.status;
  }

  onBall(listener: (ball: BallReading) => void): () => void {
    return this.link.onBall(listener);
  }

  onStatus(listener: (status: MachineStatus) => void): () => void {
    return this.link.onStatus(listener);
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
}
