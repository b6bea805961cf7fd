// A ball machine speaking the generic ASCII protocol, with faults to inject. The same
// simulator drives a real serial port (`draw simulate-machine`) and the in-process virtual
// machine of rehearsals, so both behave exactly alike.
import { formatSentence } from './protocol.ts';

export const FAULTS = ['noise', 'badsum', 'dup', 'conflict', 'skip', 'drop', 'silent'] as const;
export type Fault = (typeof FAULTS)[number];

/** Where the simulator's bytes go; `drop` closes it for a while, then reopens it. */
export interface SimulatorSink {
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
  reopen(): Promise<void>;
}

export interface SimulatorOptions {
  /** The digits of every ball, from ball 1; fresh random digits when absent. */
  readonly balls?: string | undefined;
  readonly count?: number | undefined;
  /**
   * The first ball it draws (1 when absent): a rehearsal whose first balls are in already (entered
   * by hand) goes on at the next, so no reading repeats or contradicts a ball taken.
   */
  readonly firstBall?: number | undefined;
  readonly intervalMs: number;
  readonly faults: readonly Fault[];
  /** How long `drop` keeps the port closed. */
  readonly dropMs?: number | undefined;
  readonly heartbeatMs?: number | undefined;
  /** Random numbers in [0, 1) for noise and fresh digits. */
  readonly random?: (() => number) | undefined;
}

export const IDENTITY = ['SIM', 'BallSim-1', '000001', '1.0'] as const;

export class MachineSimulator {
  readonly balls: string;
  readonly #opts: SimulatorOptions;
  readonly #sink: SimulatorSink;
  readonly #random: () => number;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #hb = 0;
  #stopped = false;
  #open = true;
  #silent = false;

  constructor(opts: SimulatorOptions, sink: SimulatorSink) {
    this.#opts = opts;
    this.#sink = sink;
    this.#random = opts.random ?? Math.random;
    this.balls = opts.balls ?? Array.from({ length: opts.count ?? 6 }, () => String(Math.floor(this.#random() * 10))).join('');
  }

  /** Speaks: identity, states, every ball from the first it draws with the faults asked for, DONE; the heartbeat goes on until stop(). */
  async run(): Promise<void> {
    const has = (f: Fault) => this.#opts.faults.includes(f);
    const first = this.#opts.firstBall ?? 1;
    // A fault comes in the middle of the balls this run draws, so a rehearsal meets it wherever it starts.
    const middle = first - 1 + Math.ceil((this.balls.length - first + 1) / 2);
    // The identity again every fifth heartbeat, so a listener that starts late learns it.
    this.#heartbeat = setInterval(() => {
      void this.#send(formatSentence('HB', ++this.#hb));
      if (this.#hb % 5 === 0) void this.#send(formatSentence('HELLO', ...IDENTITY));
    }, this.#opts.heartbeatMs ?? 1000);
    await this.#send(formatSentence('HELLO', ...IDENTITY));
    await this.#send(formatSentence('STATE', 'IDLE'));
    await this.#send(formatSentence('HB', ++this.#hb));
    await this.#send(formatSentence('STATE', 'MIXING'));
    await this.#send(formatSentence('STATE', 'DRAWING'));
    for (let n = first; n <= this.balls.length && !this.#stopped; n++) {
      await this.#sleep(this.#opts.intervalMs);
      const digit = this.balls[n - 1]!;
      if (has('skip') && n === middle) continue; // ball `middle` never arrives: the next one skips ahead
      if (has('badsum')) await this.#send(formatSentence('BALL', n, digit).replace(/\*[0-9A-F]{2}/, (cs) => `*${cs[1] === 'F' ? '0' : 'F'}${cs[2]}`));
      await this.#send(formatSentence('BALL', n, digit));
      if (has('dup')) await this.#send(formatSentence('BALL', n, digit));
      if (n === middle) {
        if (has('conflict')) await this.#send(formatSentence('BALL', n, String((Number(digit) + 1) % 10)));
        if (has('silent')) this.#silent = true;
        if (has('drop')) {
          this.#open = false;
          await this.#sink.close();
          await this.#sleep(this.#opts.dropMs ?? 3000);
          await this.#sink.reopen();
          this.#open = true;
          await this.#send(formatSentence('HELLO', ...IDENTITY));
        }
      }
    }
    await this.#send(formatSentence('STATE', 'DONE'));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    if (this.#open) await this.#sink.close();
    this.#open = false;
  }

  async #send(sentence: string): Promise<void> {
    if (!this.#open || this.#stopped || (this.#silent && sentence.startsWith('$HB'))) return;
    const noise = this.#opts.faults.includes('noise') ? this.#noise() : '';
    await this.#sink.write(Buffer.from(noise + sentence, 'latin1'));
  }

  /** Line noise: random bytes, a stray `$`, a cut-off sentence. */
  #noise(): string {
    const n = Math.floor(this.#random() * 24);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(this.#random() * 256));
    return this.#random() < 0.3 ? `${s}$BALL,9` : s;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
