// The loopback service's wire as tests speak it: a real `ws` client for a screen, and raw TCP
// for what no well-behaved client sends (hand-made WebSocket frames, broken HTTP).
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import type { Outcome } from '../../electron/contract/failures.ts';
import type { CommandName, KioskView, ServerMessage } from '../../electron/contract/kiosk-api.ts';

export type Capability = 'console' | 'stage';
/** A command's answer on the wire: its result, or its failure. */
export type Reply = Outcome<unknown>;

/** The service's own origin, as its pages send it. */
export function originOf(pageUrl: string): string {
  return new URL(pageUrl).origin;
}

/** The API socket's URL for a page's URL: same host and port, that page's token. */
export function apiUrl(pageUrl: string, capability: Capability): string {
  const u = new URL(pageUrl);
  return `ws://${u.host}/api/${capability}?token=${encodeURIComponent(u.searchParams.get('token') ?? '')}`;
}

export interface ScreenClient {
  readonly ws: WebSocket;
  readonly views: KioskView[];
  /** The close code once closed. */
  readonly closed: Promise<number>;
  call(command: CommandName | string, args: unknown): Promise<Reply>;
  close(): Promise<void>;
}

/** A screen's socket as the pages open it: its origin, its capability's token; resolves once the first view arrives. */
export async function openScreen(pageUrl: string, capability: Capability, origin = originOf(pageUrl)): Promise<ScreenClient> {
  const ws = new WebSocket(apiUrl(pageUrl, capability), { origin });
  const views: KioskView[] = [];
  const pending = new Map<number, (r: Reply) => void>();
  let nextId = 1;
  const firstView = new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as ServerMessage;
      if (m.kind === 'view') {
        views.push(m.view);
        resolve();
      } else pending.get(m.id)?.(m.outcome);
    });
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await firstView;
  return {
    ws,
    views,
    closed,
    call: (command, args) => new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, command, args }));
    }),
    close: async () => {
      ws.close();
      await closed;
    },
  };
}

/** Whether an upgrade to `url` with these headers is let in (the status of the answer). */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode!);
      ws.terminate();
    });
    ws.once('error', (e) => (/Unexpected server response/.test(e.message) ? undefined : reject(e)));
  });
}

/** A raw TCP connection and everything it receives. */
export interface RawConnection {
  readonly socket: Socket;
  received(): Buffer;
  /** Resolves when the service has closed the connection (or after `ms`, with false). */
  ended(ms?: number): Promise<boolean>;
}

export async function rawConnect(port: number): Promise<RawConnection> {
  const socket = connect({ host: '127.0.0.1', port });
  const chunks: Buffer[] = [];
  socket.on('data', (d) => chunks.push(d));
  socket.on('error', () => undefined); // a reset by the service is one of the answers
  const done = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    received: () => Buffer.concat(chunks),
    ended: (ms = 5000) => Promise.race([done.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]),
  };
}

/** A hand-made WebSocket handshake on a raw connection; resolves with the status of the answer. */
export async function rawUpgrade(conn: RawConnection, path: string, headers: Record<string, string>): Promise<number> {
  const lines = [`GET ${path} HTTP/1.1`, ...Object.entries({
    Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Key': randomBytes(16).toString('base64'), 'Sec-WebSocket-Version': '13', ...headers,
  }).map(([k, v]) => `${k}: ${v}`)];
  conn.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  for (let i = 0; i < 500; i++) {
    const text = conn.received().toString('latin1');
    const end = text.indexOf('\r\n\r\n');
    if (end >= 0) return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
    await new Promise((r) => setTimeout(r, 10));
  }
  return 0;
}

/** One frame as a client builds it; every field can be wrong on purpose. */
export function frame(payload: Uint8Array | string, opts: { opcode?: number; fin?: boolean; rsv?: number; mask?: boolean; maskKey?: Uint8Array; declaredLength?: bigint } = {}): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload);
  const { opcode = 1, fin = true, rsv = 0, mask = true } = opts;
  const length = opts.declaredLength ?? BigInt(data.length);
  const head: number[] = [(fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f)];
  const m = mask ? 0x80 : 0;
  if (length < 126n) head.push(m | Number(length));
  else if (length < 65536n) head.push(m | 126, Number(length >> 8n) & 0xff, Number(length) & 0xff);
  else {
    head.push(m | 127);
    for (let i = 7; i >= 0; i--) head.push(Number((length >> BigInt(8 * i)) & 0xffn));
  }
  if (!mask) return Buffer.concat([Buffer.from(head), data]);
  const key = opts.maskKey ?? randomBytes(4);
  const masked = Buffer.from(data.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), key, masked]);
}

/** The frames a service sent after its handshake answer: opcode and payload (server frames are unmasked). */
export function serverFrames(received: Buffer): { opcode: number; payload: Buffer }[] {
  const start = received.indexOf('\r\n\r\n');
  let at = start < 0 ? received.length : start + 4;
  const frames: { opcode: number; payload: Buffer }[] = [];
  while (at + 2 <= received.length) {
    const opcode = received[at]! & 0x0f;
    let len = received[at + 1]! & 0x7f;
    let off = at + 2;
    if (len === 126) {
      len = received.readUInt16BE(off);
      off += 2;
    } else if (len === 127) {
      len = Number(received.readBigUInt64BE(off));
      off += 8;
    }
    if (off + len > received.length) break;
    frames.push({ opcode, payload: received.subarray(off, off + len) });
    at = off + len;
  }
  return frames;
}

/** The close code the service sent, if it sent a close frame. */
export function closeCode(received: Buffer): number | undefined {
  const close = serverFrames(received).find((f) => f.opcode === 8);
  return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : undefined;
}

/** One HTTP request written byte for byte (`Connection: close` is up to the caller); the status of the answer, 0 if none. */
export async function rawRequest(port: number, request: string | Buffer): Promise<{ status: number; head: string; body: Buffer }> {
  const conn = await rawConnect(port);
  conn.socket.write(typeof request === 'string' ? Buffer.from(request, 'latin1') : request);
  await conn.ended();
  conn.socket.destroy();
  const received = conn.received();
  const end = received.indexOf('\r\n\r\n');
  const head = received.subarray(0, end < 0 ? received.length : end).toString('latin1');
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0), head, body: end < 0 ? Buffer.alloc(0) : received.subarray(end + 4) };
}
