// The loopback server: the console and the stage pages (also OBS's browser source), package
// uploads, and the API over a WebSocket, on 127.0.0.1 only. One boundary for every request,
// upgrade and message (docs/SECURITY.md):
//   - Host on every request and upgrade (DNS rebinding), Origin on every upgrade and POST: only
//     this service's own origin, http://127.0.0.1:<port> or http://localhost:<port>;
//   - two capabilities (tokens.ts): the console token issues commands (and reads the stage,
//     for its preview), the stage token only reads the stage. A page opened with ?token= gets it
//     as an HttpOnly SameSite=Strict cookie of its own, which lets in its assets, its socket
//     (/api/console or /api/stage) and, for the console, uploads;
//   - messages are small and checked by schema (../service/command-schemas.ts): a bad one is
//     answered with a typed failure, or its connection closed; the service and every other
//     connection go on.
// Every refusal goes to the operational log, a flood only as a count.
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Failure } from '../contract/failures.ts';
import type { Capability, CommandName, ServerMessage } from '../contract/kiosk-api.ts';
import { failWith } from '../node/failure.ts';
import type { OperationDetail } from '../node/operations-log.ts';
import { parseClientMessage, STAGE_COMMANDS } from '../service/command-schemas.ts';
import { LogThrottle } from '../service/log-throttle.ts';
import type { KioskService, OperationKind } from '../service/kiosk-service.ts';
import { screenFile, type ScreenRoots } from './asset-path.ts';
import { KioskTokens } from './tokens.ts';

const PAGES = new Map<string, Capability>([['/console', 'console'], ['/stage', 'stage']]);
const SOCKETS = new Map<string, Capability>([['/api/console', 'console'], ['/api/stage', 'stage']]);
const cookieName = (c: Capability) => `kiosk_${c}`;

/** The largest message a screen sends; packages come by POST /upload, never over the socket. */
const MAX_MESSAGE_BYTES = 64 * 1024;
/** Commands one socket may have running at once; more are answered 'busy'. */
const MAX_IN_FLIGHT = 8;
/** A socket that does not read its views is cut off before it fills the memory. */
const MAX_BUFFERED_BYTES = 16 * 2 ** 20;
const MAX_UPLOAD_BYTES = 512 * 2 ** 20;
const ZIP_TYPES = new Set(['application/zip', 'application/x-zip-compressed']);
/** Close codes: a message that breaks the rules (RFC 6455 1008), a binary one (1003), a token rotated away. */
const POLICY = 1008;
const UNSUPPORTED = 1003;
const ROTATED = 4001;

export interface KioskServerOptions {
  /** The installation's data folder: the tokens and the port are kept in it (tokens.ts). */
  readonly dataDir: string;
  /** A fixed port; otherwise the one used last time if it is free, or any free one. */
  readonly port?: number | undefined;
  /** The largest package upload taken. */
  readonly maxUploadBytes?: number | undefined;
}

export interface KioskServer {
  /** The current console and stage URLs, each with its own token (they change when the tokens are rotated). */
  readonly consoleUrl: string;
  readonly stageUrl: string;
  close(): Promise<void>;
}

/** `roots`: the screens and the theme, as screenRoots checked them at start (electron/web/asset-path.ts). */
export async function startKioskServer(kiosk: KioskService, roots: ScreenRoots, options: KioskServerOptions): Promise<KioskServer> {
  if (!existsSync(join(roots.screens, 'console.html'))) throw new Error(`the screens are not built: ${roots.screens} (run npm run build:renderer)`);
  const tokens = KioskTokens.load(options.dataDir);
  const maxUpload = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const refusals = new RefusalLog(kiosk);
  // Known once listening; no request is served before.
  let own = { hosts: new Set<string>(), origins: new Set<string>(), csp: '' };

  const hostAllowed = (req: IncomingMessage) => own.hosts.has(req.headers.host?.toLowerCase() ?? '');
  const originAllowed = (req: IncomingMessage) => own.origins.has(req.headers.origin ?? '');
  /**
   * Whether the request carries a token (in ?token= or a cookie) that grants `wanted`. The
   * console's grants the stage's too: the console shows the stage in a preview frame.
   */
  const holds = (req: IncomingMessage, url: URL, wanted: Capability) => {
    const given = url.searchParams.get('token');
    const has = (c: Capability) => tokens.admits(c, given ?? cookie(req, cookieName(c)));
    return has(wanted) || (wanted === 'stage' && has('console'));
  };

  const server: Server = createServer((req, res) => {
    req.on('error', () => undefined); // a client gone mid-request: nothing to answer
    res.on('error', () => undefined);
    const url = requestUrl(req);
    const refuse = (status: number, reason: string, headers: Record<string, string> = {}) => {
      refusals.record('request-refused', { reason, status, method: clip(req.method ?? ''), path: clip(url?.pathname ?? '') });
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close', ...headers }).end(`${status} ${REFUSED[reason] ?? REFUSED.other}\n`);
    };
    if (!url) return refuse(400, 'url');
    if (!hostAllowed(req)) return refuse(403, 'host');
    if (url.pathname === '/upload') {
      if (req.method !== 'POST') return refuse(405, 'method', { allow: 'POST' });
      if (!originAllowed(req)) return refuse(403, 'origin');
      if (!holds(req, url, 'console')) return refuse(403, 'token');
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!ZIP_TYPES.has(type)) return refuse(415, 'content-type');
      if (Number(req.headers['content-length'] ?? 0) > maxUpload) return refuse(413, 'too-large');
      void receiveUpload(req, res, refuse);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, 'method', { allow: 'GET, HEAD' });
    const page = PAGES.get(url.pathname);
    // A page needs its capability; the assets any.
    if (!holds(req, url, page ?? 'stage')) return refuse(403, 'token');
    const file = screenFile(roots, page ? `/${page}.html` : url.pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404\n');
      return;
    }
    const headers: Record<string, string> = { 'content-type': file.type, 'content-security-policy': own.csp, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
    if (page && tokens.admits(page, url.searchParams.get('token') ?? undefined)) headers['set-cookie'] = `${cookieName(page)}=${tokens.token(page)}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers).end(readFileSync(file.path));
  });

  /** Streams the body to <uploadsDir>/<32 random hex>.zip; answers {upload: id}. */
  const receiveUpload = async (req: IncomingMessage, res: ServerResponse, refuse: (status: number, reason: string) => void) => {
    mkdirSync(kiosk.uploadsDir, { recursive: true, mode: 0o700 });
    const id = randomBytes(16).toString('hex');
    const outcome = await storeUpload(req, join(kiosk.uploadsDir, `${id}.zip`), maxUpload);
    if (outcome === 'too-large') {
      req.resume(); // the rest is read and dropped until the answer is out and the connection closes
      refuse(413, 'too-large');
    } else if (outcome === 'cut-off') {
      refusals.record('request-refused', { reason: 'upload-cut-off', path: '/upload' });
    } else {
      kiosk.logOperation('upload', { upload: id, bytes: outcome.bytes });
      const body = JSON.stringify({ upload: id });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length), 'cache-control': 'no-store' }).end(body);
    }
  };

  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    refusals.record('request-refused', { reason: 'malformed', error: clip(err.code ?? 'unknown') });
    answerAndDrop(socket, err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request');
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  sockets.on('error', (e) => refusals.record('message-refused', { reason: 'server', error: clip(e.message) }));
  sockets.on('wsClientError', (e, socket) => {
    refusals.record('request-refused', { reason: 'handshake', error: clip(e.message) });
    answerAndDrop(socket, '400 Bad Request');
  });
  /** Each open socket's way out, dropped when its token is rotated away. */
  let live = new Set<() => void>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req);
    const capability = url && SOCKETS.get(url.pathname);
    const reason = !url ? 'url' : !hostAllowed(req) ? 'host' : !originAllowed(req) ? 'origin' : !capability ? 'path' : !holds(req, url, capability) ? 'token' : undefined;
    if (reason !== undefined || !capability) {
      refusals.record('request-refused', { reason: reason ?? 'path', status: 403, method: 'upgrade', path: clip(url?.pathname ?? ''), origin: clip(req.headers.origin ?? '') });
      answerAndDrop(socket, '403 Forbidden');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serve(ws, capability));
  });

  /** One screen's socket: the view on connect and after every change; commands answered by id. */
  const serve = (ws: WebSocket, capability: Capability) => {
    const generation = tokens.generation;
    const log = refusals.connection({ capability });
    let inFlight = 0;
    const send = (m: ServerMessage) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        log.record('message-refused', { reason: 'not-reading' });
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(m));
    };
    /** A message refused: answered by id, its connection going on. */
    const refuse = (reason: string, id: number, failure: Failure) => {
      log.record('message-refused', { reason, failure: failure.kind });
      send({ kind: 'result', id, outcome: { ok: false, failure } });
    };
    /** A message that cannot be answered (no id can be read): its connection closed. */
    const drop = (reason: string, closeCode = POLICY) => {
      log.record('message-refused', { reason, failure: 'message-invalid' });
      shut(ws, closeCode, reason);
    };
    const revoke = () => shut(ws, ROTATED, 'tokens rotated');
    live.add(revoke);
    // A broken frame (unmasked, too long, a bad opcode, bad UTF-8): ws closes that connection itself.
    ws.on('error', (e: Error & { code?: string }) => log.record('message-refused', { reason: 'frame', error: clip(e.code ?? e.message) }));
    const unsubscribe = kiosk.subscribe((view) => send({ kind: 'view', view }));
    ws.on('close', () => {
      unsubscribe();
      live.delete(revoke);
      log.close();
    });
    send({ kind: 'view', view: kiosk.view() });

    const answer = async (data: RawData, isBinary: boolean) => {
      if (tokens.generation !== generation) return; // its token was rotated away: it is being closed
      if (isBinary) return drop('binary', UNSUPPORTED);
      let json: unknown;
      try {
        json = JSON.parse(String(data));
      } catch {
        return drop('json');
      }
      const parsed = parseClientMessage(json);
      if (!parsed.ok) return parsed.id === undefined ? drop('bad-message') : refuse('bad-message', parsed.id, parsed.failure);
      const { id, command, args } = parsed.message;
      if (capability === 'stage' && !STAGE_COMMANDS.has(command)) return refuse('forbidden', id, { kind: 'forbidden' });
      if (inFlight >= MAX_IN_FLIGHT) return refuse('busy', id, { kind: 'busy', limit: MAX_IN_FLIGHT });
      inFlight++;
      const outcome = await kiosk.call(command as CommandName, args as never).finally(() => inFlight--);
      const kind = outcome.ok ? undefined : outcome.failure.kind;
      if (kind === 'command-unknown' || kind === 'command-invalid') log.record('message-refused', { reason: kind, command: clip(command) });
      send({ kind: 'result', id, outcome });
    };
    // `call` never rejects: every failure is its outcome.
    ws.on('message', (data: RawData, isBinary: boolean) => void answer(data, isBinary));
  };

  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A fixed port, or the port of last time, so the URLs an open page or OBS holds still work; any other if that is taken.
  const wanted = options.port || tokens.port;
  await listen(wanted)
    .catch((e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' && !options.port && wanted !== 0 ? listen(0) : Promise.reject(e)))
    .catch((e: NodeJS.ErrnoException) => failWith({ kind: 'port-failed', port: wanted, detail: e.code ?? e.message }));
  server.on('error', (e) => process.stderr.write(`kiosk server: ${e.message}\n`));
  const { port } = server.address() as { port: number };
  tokens.setPort(port);
  own = {
    hosts: new Set([`127.0.0.1:${port}`, `localhost:${port}`]),
    origins: new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]),
    // What the pages may load: themselves, and their own socket at this very port.
    csp: `default-src 'self'; connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`,
  };
  const base = `http://127.0.0.1:${port}`;
  const urls = () => ({ consoleUrl: `${base}/console?token=${tokens.token('console')}`, stageUrl: `${base}/stage?token=${tokens.token('stage')}` });

  // OBS's browser source, and anything written into OBS, only ever gets the stage's URL.
  kiosk.setStageUrl(urls().stageUrl);
  kiosk.setTokenRotator(() => {
    tokens.rotate();
    const old = live;
    live = new Set();
    // After the reply to rotateTokens has gone out, every socket let in with an old token is closed.
    setImmediate(() => {
      for (const revoke of old) revoke();
    });
    return urls();
  });

  return {
    get consoleUrl() {
      return urls().consoleUrl;
    },
    get stageUrl() {
      return urls().stageUrl;
    },
    close: async () => {
      for (const ws of sockets.clients) ws.terminate();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      refusals.close();
    },
  };
}

const REFUSED: Record<string, string> = {
  url: '请求地址无效 / bad request target',
  host: '只接受本机地址 / only this machine\'s own address is served',
  origin: '只接受本服务自己的页面 / only this service\'s own pages may do this',
  token: '需要令牌 / token required',
  method: '不支持该方法 / method not allowed',
  'content-type': '只接受 .zip 数据包 / only a .zip package is taken',
  'too-large': '数据包过大 / the package is too large',
  other: '拒绝 / refused',
};

/** The request target as a URL: only origin-form ("/path?query"), nothing else. */
function requestUrl(req: IncomingMessage): URL | undefined {
  const target = req.url ?? '';
  if (!target.startsWith('/') || target.startsWith('//')) return undefined;
  try {
    return new URL(target, 'http://127.0.0.1');
  } catch {
    return undefined;
  }
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * Answers a connection the HTTP server no longer handles (a refused upgrade, unparsable HTTP)
 * and lets it go: whatever the peer still sends is read and dropped, and after a second the
 * connection is cut, so no refused peer keeps one open.
 */
function answerAndDrop(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.resume();
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** Closes with a code; a peer that does not answer the close within a second is cut off. */
function shut(ws: WebSocket, code: number, reason: string): void {
  ws.close(code, reason);
  setTimeout(() => ws.terminate(), 1000).unref();
}

/** Untrusted text as the log keeps it: short. */
function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/** Streams a request body into `path` ('wx', owner-only); past `max` bytes, or cut off, the partial file is removed. */
function storeUpload(req: IncomingMessage, path: string, max: number): Promise<{ bytes: number } | 'too-large' | 'cut-off'> {
  return new Promise((resolve) => {
    const file = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    let bytes = 0;
    let settled = false;
    const abandon = (outcome: 'too-large' | 'cut-off') => {
      if (settled) return;
      settled = true;
      req.unpipe(file);
      const remove = () => {
        rmSync(path, { force: true });
        resolve(outcome);
      };
      if (file.closed) remove();
      else {
        file.once('close', remove);
        file.destroy();
      }
    };
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > max) abandon('too-large');
    });
    req.once('close', () => !req.complete && abandon('cut-off'));
    file.once('error', () => abandon('cut-off'));
    file.once('finish', () => {
      if (settled) return;
      settled = true;
      resolve({ bytes });
    });
    req.pipe(file);
  });
}

const LOG_PER_CONNECTION = 5;
const LOG_PER_MINUTE = 60;

/**
 * Refusals into the operational log without letting a flood fill it: each connection logs its
 * first few, then one count when it closes; the whole service at most LOG_PER_MINUTE entries a
 * minute, what is held back counted into the next entry written (or one at close).
 */
class RefusalLog {
  readonly #kiosk: KioskService;
  readonly #throttle: LogThrottle;

  constructor(kiosk: KioskService) {
    this.#kiosk = kiosk;
    this.#throttle = new LogThrottle(LOG_PER_MINUTE, () => kiosk.now());
  }

  record(kind: OperationKind, detail: OperationDetail): void {
    const passed = this.#throttle.pass();
    if (passed) this.#kiosk.logOperation(kind, passed.heldBack > 0 ? { ...detail, heldBack: passed.heldBack } : detail);
  }

  /** One connection's share: its first few refusals, then a count logged when it closes. */
  connection(detail: OperationDetail): { record(kind: OperationKind, more: OperationDetail): void; close(): void } {
    let seen = 0;
    return {
      record: (kind, more) => {
        if (++seen <= LOG_PER_CONNECTION) this.record(kind, { ...detail, ...more });
      },
      close: () => {
        if (seen > LOG_PER_CONNECTION) this.record('message-refused', { ...detail, reason: 'more-on-this-connection', count: seen - LOG_PER_CONNECTION });
      },
    };
  }

  close(): void {
    const heldBack = this.#throttle.takeHeldBack();
    if (heldBack > 0) this.#kiosk.logOperation('request-refused', { reason: 'held-back', count: heldBack });
  }
}
