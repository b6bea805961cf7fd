// A real pseudo-terminal pair from socat: the app opens one end as its serial port, the
// test (or the simulator) speaks on the other. stop() + start() is a cable pulled and replugged.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './packages.ts';

export class PtyPair {
  readonly app: string;
  readonly machine: string;
  #socat: ChildProcess | undefined;
  #fd: number | undefined;

  constructor(dir = tempDir('pty-')) {
    this.app = join(dir, 'ttyApp');
    this.machine = join(dir, 'ttyMachine');
  }

  async start(): Promise<this> {
    this.#socat = spawn('socat', [`pty,raw,echo=0,link=${this.app}`, `pty,raw,echo=0,link=${this.machine}`], { stdio: 'ignore' });
    for (let i = 0; i < 200 && !(existsSync(this.app) && existsSync(this.machine)); i++) await sleep(10);
    if (!existsSync(this.app)) throw new Error('socat did not create the pty pair');
    return this;
  }

  /** Writes on the machine's end, as the machine would. */
  write(text: string | Uint8Array): void {
    this.#fd ??= openSync(this.machine, constants.O_RDWR | constants.O_NOCTTY);
    const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
    let off = 0;
    while (off < bytes.length) off += writeSync(this.#fd, bytes, off);
  }

  async stop(): Promise<void> {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    const socat = this.#socat;
    this.#socat = undefined;
    if (socat && socat.exitCode === null) {
      const exited = new Promise((resolve) => socat.once('exit', resolve));
      socat.kill('SIGTERM');
      await exited;
    }
    for (let i = 0; i < 100 && existsSync(this.app); i++) await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
