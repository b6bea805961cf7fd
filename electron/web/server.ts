// The loopback server: the console and the stage pages (also OBS's browser source) and the
// API over a WebSocket, on 127.0.0.1 only, behind a random per-run token. A page opened with
// ?token= gets it as an HttpOnly cookie, so its own assets and socket are let in too.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientMessage, ServerMessage } from '../../draw-core/kiosk-api.ts';
import { kioskError, type KioskHost } from '../service/kiosk-host.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json',
};
const PAGES: Record<string, string> = { '/console': 'console.html', '/stage': 'stage.html' };
// What the pages may load: themselves, and nothing from anywhere else.
const CSP = "default-src 'self'; connect-src 'self' ws://127.0.0.1:*; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

export interface KioskServer {
  readonly token: string;
  readonly consoleUrl: string;
  readonly stageUrl: string;
  close(): Promise<void>;
}

export async function startKioskServer(host: KioskHost, assetsDir: string, port = 0): Promise<KioskServer> {
  if (!existsSync(join(assetsDir, 'console.html'))) throw new Error(`the screens are not built: ${assetsDir} (run npm run build:renderer)`);
  const token = randomBytes(24).toString('base64url');
  const allowed = (req: IncomingMessage) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = url.searchParams.get('token') ?? /(?:^|;\s*)kiosk_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
    return given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));
  };

  const server: Server = createServer((req, res) => {
    if (!allowed(req)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('403 需要令牌 / token required\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = PAGES[url.pathname] ?? normalize(url.pathname).replace(/^[/\\]+/, '');
    const path = join(assetsDir, file);
    if (file.startsWith('..') || !path.startsWith(assetsDir) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
    if (url.searchParams.has('token')) headers['set-cookie'] = `kiosk_token=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers).end(readFileSync(path));
  });

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!allowed(req) || new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/api') {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serve(host, ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as { port: number };
  const base = `http://127.0.0.1:${bound}`;
  return {
    token,
    consoleUrl: `${base}/console?token=${token}`,
    stageUrl: `${base}/stage?token=${token}`,
    close: async () => {
      for (const ws of sockets.clients) ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One screen's socket: the view on connect and after every change; commands answered by id. */
function serve(host: KioskHost, ws: WebSocket): void {
  const send = (m: ServerMessage) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(m));
  send({ kind: 'view', view: host.view() });
  const unsubscribe = host.subscribe((view) => send({ kind: 'view', view }));
  ws.on('close', unsubscribe);
  ws.on('message', async (data) => {
    let msg: ClientMessage;
    try {
      msg = JSON.parse(String(data)) as ClientMessage;
    } catch {
      return;
    }
    try {
      send({ kind: 'result', id: msg.id, ok: true, result: await host.call(msg.command, msg.args as never) });
    } catch (e) {
      send({ kind: 'result', id: msg.id, ok: false, error: kioskError(e) });
    }
  });
}
