// The built-in driver: the generic ASCII protocol over a serial port (serialport). The port
// is reopened by itself whenever it goes away and comes back; no accepted ball depends on it.
import { SerialPort } from 'serialport';
import { LinkedMachine, MachineLink } from './machine.ts';

export interface SerialSettings {
  /** `/dev/ttyUSB0`, `COM3`, … */
  readonly path: string;
  readonly baudRate: number;
  readonly dataBits: 5 | 6 | 7 | 8;
  readonly parity: 'none' | 'even' | 'odd' | 'mark' | 'space';
  readonly stopBits: 1 | 1.5 | 2;
}

export const DEFAULT_SERIAL: Omit<SerialSettings, 'path'> = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };

/** The port problems a host can act on, in plain words. */
export function portProblem(path: string, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/ENOENT|No such file|cannot find|File not found/i.test(msg)) return `串口 ${path} 不存在（线缆或转换器是否已连接？）/ serial port ${path} does not exist (is the cable or adapter plugged in?)`;
  if (/EACCES|Permission denied|Access denied/i.test(msg)) return `无权打开串口 ${path}（Linux 上须在 dialout 组）/ no permission to open serial port ${path} (on Linux, join the dialout group)`;
  if (/lock|EBUSY|busy|in use/i.test(msg)) return `串口 ${path} 正被其他程序占用 / serial port ${path} is in use by another program`;
  return `串口 ${path} 出错：${msg} / serial port ${path} failed: ${msg}`;
}

export class SerialBallMachine extends LinkedMachine {
  readonly settings: SerialSettings;
  #port: SerialPort | undefined;
  #running = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #retryMs = 250;

  constructor(settings: SerialSettings, silenceMs?: number) {
    super(new MachineLink(settings.path, 'machine', silenceMs));
    this.settings = settings;
  }

  /** Opens the port; resolves once the first attempt is over, whether it opened or will be retried. */
  async start(): Promise<void> {
    this.#running = true;
    await this.#open();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#retry) clearTimeout(this.#retry);
    this.link.dispose();
    const port = this.#port;
    this.#port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  #open(): Promise<void> {
    const { path, baudRate, dataBits, parity, stopBits } = this.settings;
    return new Promise((resolve) => {
      const port = new SerialPort({ path, baudRate, dataBits, parity, stopBits, rtscts: false, xon: false, xoff: false, autoOpen: false });
      port.open((err) => {
        if (err) {
          this.link.closed(portProblem(path, err));
          this.#scheduleRetry();
          resolve();
          return;
        }
        this.#port = port;
        this.#retryMs = 250;
        port.on('data', (chunk: Buffer) => this.link.bytes(chunk));
        port.on('close', () => this.#lost(port, `串口 ${path} 已断开 / serial port ${path} was disconnected`));
        port.on('error', (e) => this.#lost(port, portProblem(path, e)));
        this.link.opened();
        resolve();
      });
    });
  }

  #lost(port: SerialPort, reason: string): void {
    if (this.#port !== port) return;
    this.#port = undefined;
    if (port.isOpen) port.close(() => undefined);
    this.link.closed(reason);
    this.#scheduleRetry();
  }

  /** One attempt at a time, backing off to 1 s: a replugged adapter is found within a second. */
  #scheduleRetry(): void {
    if (!this.#running) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      if (this.#running) void this.#open();
    }, this.#retryMs);
    this.#retryMs = Math.min(this.#retryMs * 2, 1000);
  }
}

export interface PortInfo {
  readonly path: string;
  readonly manufacturer?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
}

/** The serial ports for the console's picker. Listing can fail (no udev): it rejects, and the service says so in words. */
export async function listPorts(): Promise<PortInfo[]> {
  const ports = await SerialPort.list();
  return ports.map((p) => ({ path: p.path, manufacturer: p.manufacturer, serialNumber: p.serialNumber, vendorId: p.vendorId, productId: p.productId }));
}
