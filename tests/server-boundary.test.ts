// The loopback service's boundary, tried as a rogue process or web page on the stage PC would:
// tokens of any bytes, malformed frames and messages, foreign origins and hosts, the stage's
// token, tokens across crashes and rotation, uploads. Real start:web processes, real sockets,
// real Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailure, type Failure, type FailureKind } from '../electron/contract/failures.ts';
import type { ServerMessage } from '../electron/contract/kiosk-api.ts';
import { unwrap } from '../electron/node/failure.ts';
import type { OperationDetail } from '../electron/node/operations-log.ts';
import { KioskService, type OperationKind } from '../electron/service/kiosk-service.ts';
import { realDevices } from '../electron/service/devices.ts';
import { screenRoots } from '../electron/web/asset-path.ts';
import { startKioskServer, type KioskServer } from '../electron/web/server.ts';
import { launchBrowser } from './support/browser.ts';
import { apiUrl, closeCode, frame, openScreen, originOf, rawConnect, rawRequest, rawUpgrade, serverFrames, upgradeStatus } from './support/kiosk-wire.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';
import { SCREENS } from './support/scenario.ts';
import { startBrowserMode, type BrowserMode } from './support/browser-mode.ts';
import { NAMES } from './support/ceremony-names.ts';

const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
const portOf = (url: string) => Number(new URL(url).port);

/** A GET as a browser on this machine sends it, with any header replaced. */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<number> {
  const all = { Host: `127.0.0.1:${port}`, Connection: 'close', ...headers };
  const head = Object.entries(all).filter(([, v]) => v !== '').map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return rawRequest(port, `${method} ${path} HTTP/1.1\r\n${head}\r\n`).then((r) => r.status);
}

/** A raw connection upgraded to the console's API socket. */
async function rawConsoleSocket(web: { consoleUrl: string }) {
  const port = portOf(web.consoleUrl);
  const conn = await rawConnect(port);
  const status = await rawUpgrade(conn, `/api/console?token=${encodeURIComponent(tokenOf(web.consoleUrl))}`, { Host: `127.0.0.1:${port}`, Origin: `http://127.0.0.1:${port}` });
  expect(status).toBe(101);
  return conn;
}

describe('start:web survives any token, frame and message', () => {
  let web: BrowserMode;
  beforeAll(async () => {
    web = await startBrowserMode();
  });
  afterAll(() => web?.stop());

  it('a token of any length or bytes gets 403, in the URL or the cookie; the service keeps running', async () => {
    const port = portOf(web.consoleUrl);
    const token = tokenOf(web.consoleUrl);
    const wrong = ['é'.repeat(token.length), '😀'.repeat(token.length), '\u0000'.repeat(token.length), '', 'x', `${token}x`, token.slice(1), token.toUpperCase(), 'x'.repeat(6000)];
    const raw = (before: string, w: string, after: string) => rawRequest(port, Buffer.concat([Buffer.from(before), Buffer.from(w), Buffer.from(after)])).then((r) => r.status);
    for (const w of wrong) {
      expect(await get(port, `/console?token=${encodeURIComponent(w)}`), w).toBe(403);
      // Raw bytes in the request line and the cookies, as a rogue client may send them: refused as a bad token or as bad HTTP.
      expect([400, 403], w).toContain(await raw('GET /console?token=', w, ` HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`));
      for (const name of ['kiosk_console', 'kiosk_stage', 'kiosk_token']) {
        expect([400, 403], w).toContain(await raw(`GET /console HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\nCookie: ${name}=`, w, '\r\n\r\n'));
      }
    }
    expect(web.alive()).toBe(true);
    expect(await get(port, `/console?token=${token}`)).toBe(200);
  });

  it('an unmasked frame, an oversized frame, the JSON text null: that connection is closed, the service and every other screen go on', async () => {
    const screen = await openScreen(web.consoleUrl, 'console');
    const cases: [string, Buffer, number][] = [
      ['unmasked', frame('{"id":1,"command":"listCeremonies","args":{}}', { mask: false }), 1002],
      ['a 1 TiB length header', frame('', { declaredLength: 2n ** 40n }), 1009],
      ['65 KiB of text', frame(`{"id":1,"command":"listCeremonies","args":{"x":"${'x'.repeat(65 * 1024)}"}}`), 1009],
      ['the JSON text null', frame('null'), 1008],
      ['not JSON', frame('{"id":1,'), 1008],
      ['a binary frame', frame('{"id":1,"command":"listCeremonies","args":{}}', { opcode: 2 }), 1003],
      ['a reserved opcode', frame('x', { opcode: 3 }), 1002],
      ['invalid UTF-8', frame(Buffer.from([0x22, 0xff, 0xfe, 0x22])), 1007],
    ];
    for (const [what, bytes, code] of cases) {
      const conn = await rawConsoleSocket(web);
      conn.socket.write(bytes);
      expect(await conn.ended(), what).toBe(true);
      expect(closeCode(conn.received()), what).toBe(code);
    }

    // A message whose id can be read gets a typed error, and its connection stays open.
    const conn = await rawConsoleSocket(web);
    const answers = async (message: string) => {
      const before = serverFrames(conn.received()).length;
      conn.socket.write(frame(message));
      await expect.poll(() => serverFrames(conn.received()).length).toBeGreaterThan(before);
      return JSON.parse(String(serverFrames(conn.received()).at(-1)!.payload)) as ServerMessage;
    };
    const refused = (id: number, kind: FailureKind) => ({ kind: 'result', id, outcome: { ok: false, failure: { kind } } });
    expect(await answers('{"id":5,"command":"createCeremony","args":null}')).toMatchObject(refused(5, 'command-invalid'));
    const period = await answers('{"id":6,"command":"createCeremony","args":{"period":"../x","kind":"quota-allocation","rehearsal":true}}');
    expect(period).toMatchObject(refused(6, 'command-invalid'));
    const { what } = describeFailure((period as { outcome: { failure: Failure } }).outcome.failure);
    expect(what.en).toMatch(/period/);
    expect(what.zh).toMatch(/period/);
    expect(await answers('{"id":7,"command":"launchMissiles","args":{}}')).toMatchObject(refused(7, 'command-unknown'));
    expect(await answers('{"id":8,"command":"toString","args":{}}')).toMatchObject(refused(8, 'command-unknown'));
    expect(await answers('{"id":9,"command":"revealTo","args":{"pool":-1,"page":1e309}}')).toMatchObject(refused(9, 'command-invalid'));
    expect(await answers('{"id":10,"args":{}}')).toMatchObject(refused(10, 'message-invalid'));
    expect(await conn.ended(200)).toBe(false);
    conn.socket.destroy();

    expect(web.alive()).toBe(true);
    expect(await screen.call('listCeremonies', {})).toMatchObject({ ok: true });
    await screen.close();
  });
});

describe('only the console drives the ceremony', () => {
  let web: BrowserMode;
  let browser: Browser;
  let evil: Server;
  beforeAll(async () => {
    web = await startBrowserMode();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    evil?.close();
    await web?.stop();
  });

  it('a page of another origin in the same browser, holding the console cookie, can neither open the API nor upload', async () => {
    const port = portOf(web.consoleUrl);
    const page = `<!doctype html><script>
      window.results = [];
      for (const path of ['/api', '/api/console', '/api/stage']) {
        const ws = new WebSocket('ws://127.0.0.1:${port}' + path);
        ws.onopen = () => {
          results.push(path + ' open');
          ws.send(JSON.stringify({ id: 1, command: 'createCeremony', args: { period: 'evil', kind: 'quota-allocation', rehearsal: true } }));
        };
        ws.onclose = (e) => results.push(path + ' close');
      }
      fetch('http://127.0.0.1:${port}/upload', { method: 'POST', mode: 'no-cors', credentials: 'include', body: new Blob(['PK']) })
        .then(() => results.push('upload sent'), () => results.push('upload failed'));
    </script>`;
    evil = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const context = await browser.newContext();
    const consolePage = await context.newPage();
    await consolePage.goto(web.consoleUrl);
    await expect.poll(() => consolePage.locator('input[name=period]').count()).toBe(1);
    expect((await context.cookies()).some((c) => c.httpOnly && c.sameSite === 'Strict')).toBe(true);

    const attacker = await context.newPage();
    await attacker.goto(`http://127.0.0.1:${(evil.address() as { port: number }).port}/`);
    const results = () => attacker.evaluate(() => (globalThis as unknown as { results: string[] }).results);
    await expect.poll(async () => (await results()).filter((r) => r.endsWith('close') || r.startsWith('upload')).length, { timeout: 10_000 }).toBe(4);
    expect((await results()).filter((r) => r.endsWith('open'))).toEqual([]);

    const screen = await openScreen(web.consoleUrl, 'console');
    expect(screen.views.at(-1)!.ceremony).toBeUndefined();
    expect(await screen.call('listCeremonies', {})).toEqual({ ok: true, value: [] });
    const uploads = join(web.dataDir, 'uploads');
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
    await screen.close();
    await context.close();
  });

  it('a wrong Host (DNS rebinding) or a foreign Origin gets 403, on the pages and on the API', async () => {
    const port = portOf(web.consoleUrl);
    const token = tokenOf(web.consoleUrl);
    for (const host of ['evil.test', `evil.test:${port}`, `127.0.0.1:${port + 1}`, `127.0.0.2:${port}`, `[::1]:${port}`, `127.0.0.1:${port}.evil.test`, `127.0.0.1:${port}@evil.test`]) {
      expect(await get(port, `/console?token=${token}`, { Host: host }), host).toBe(403);
    }
    // No Host at all: HTTP/1.1 requires one (Node answers 400 itself), HTTP/1.0 reaches the check.
    expect(await get(port, `/console?token=${token}`, { Host: '' })).toBe(400);
    expect(await rawRequest(port, `GET /console?token=${token} HTTP/1.0\r\n\r\n`).then((r) => r.status)).toBe(403);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) expect(await get(port, `/console?token=${token}`, { Host: host }), host).toBe(200);

    const api = apiUrl(web.consoleUrl, 'console');
    for (const origin of [undefined, 'null', 'http://evil.test', `http://evil.test:${port}`, `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${port}.evil.test`]) {
      expect(await upgradeStatus(api, origin === undefined ? {} : { Origin: origin }), String(origin)).toBe(403);
    }
    expect(await upgradeStatus(api, { Origin: `http://127.0.0.1:${port}`, Host: `evil.test:${port}` })).toBe(403);
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      expect(await upgradeStatus(api, { Origin: origin, Host: new URL(origin).host }), origin).toBe(101);
    }
  });

  it('pages and assets answer only GET and HEAD, /upload only POST', async () => {
    const port = portOf(web.consoleUrl);
    const token = tokenOf(web.consoleUrl);
    const origin = { Origin: `http://127.0.0.1:${port}` };
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE']) {
      expect(await get(port, `/console?token=${token}`, origin, method), method).toBe(405);
    }
    for (const method of ['GET', 'PUT', 'OPTIONS']) expect(await get(port, `/upload?token=${token}`, origin, method), method).toBe(405);
    expect(await get(port, `/console?token=${token}`, {}, 'HEAD')).toBe(200);
  });

  it('the stage token reads the stage view and asks for reveal pages; it can issue no command', async () => {
    const port = portOf(web.stageUrl);
    expect(tokenOf(web.stageUrl)).not.toBe(tokenOf(web.consoleUrl));
    expect(await get(port, `/console?token=${tokenOf(web.stageUrl)}`)).toBe(403);
    expect(await upgradeStatus(apiUrl(web.stageUrl, 'console'), { Origin: originOf(web.stageUrl) })).toBe(403);
    expect(await get(port, `/stage?token=${tokenOf(web.stageUrl)}`)).toBe(200);
    // The console's token reads the stage too: the console shows it in a preview frame.
    expect(await upgradeStatus(apiUrl(web.consoleUrl, 'stage'), { Origin: originOf(web.consoleUrl) })).toBe(101);

    const stage = await openScreen(web.stageUrl, 'stage');
    expect(stage.views[0]!.software.name).toBeTruthy();
    for (const [command, args] of [['createCeremony', { period: 'x', kind: 'quota-allocation', rehearsal: true }], ['rotateTokens', {}], ['listCeremonies', {}], ['nope', {}]] as const) {
      expect(await stage.call(command, args), command).toEqual({ ok: false, failure: { kind: 'forbidden' } });
    }
    expect(await stage.call('revealPage', { pool: 0, page: 0 })).toEqual({ ok: false, failure: { kind: 'no-ceremony' } });
    await stage.close();
  });
});

describe('tokens', () => {
  it('survive a crash: after kill -9 the same URLs work again; tokens.json is owner-only', async () => {
    const first = await startBrowserMode();
    const screen = await openScreen(first.consoleUrl, 'console');
    await first.kill();
    expect(await screen.closed).toBe(1006);

    const again = await startBrowserMode(first.dataDir);
    try {
      expect(again.lines).toEqual(first.lines); // the port too: an OBS source keeps its URL
      expect(await get(portOf(again.consoleUrl), `/console?token=${tokenOf(first.consoleUrl)}`)).toBe(200);
      expect(await get(portOf(again.stageUrl), `/stage?token=${tokenOf(first.stageUrl)}`)).toBe(200);
      const file = join(first.dataDir, 'tokens.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(first.dataDir).mode & 0o777).toBe(0o700);
      expect(Object.values(JSON.parse(readFileSync(file, 'utf8')) as object)).toEqual(expect.arrayContaining([tokenOf(first.consoleUrl), tokenOf(first.stageUrl)]));
    } finally {
      await again.stop();
    }
  });

  it('rotateTokens shuts out every old token at once; the new ones outlive a restart', async () => {
    const web = await startBrowserMode();
    const port = portOf(web.consoleUrl);
    const console1 = await openScreen(web.consoleUrl, 'console');
    const console2 = await openScreen(web.consoleUrl, 'console');
    const stage = await openScreen(web.stageUrl, 'stage');
    const reply = await console1.call('rotateTokens', {});
    expect(reply.ok).toBe(true);
    const urls = (reply as { value: { consoleUrl: string; stageUrl: string } }).value;
    expect(tokenOf(urls.consoleUrl)).not.toBe(tokenOf(web.consoleUrl));
    expect(tokenOf(urls.stageUrl)).not.toBe(tokenOf(web.stageUrl));
    expect(tokenOf(urls.stageUrl)).not.toBe(tokenOf(urls.consoleUrl));
    for (const s of [console1, console2, stage]) expect(await s.closed).toBe(4001);

    expect(await get(port, `/console?token=${tokenOf(web.consoleUrl)}`)).toBe(403);
    expect(await get(port, `/stage?token=${tokenOf(web.stageUrl)}`)).toBe(403);
    expect(await upgradeStatus(apiUrl(web.consoleUrl, 'console'), { Origin: originOf(web.consoleUrl) })).toBe(403);
    expect(await upgradeStatus(apiUrl(web.stageUrl, 'stage'), { Origin: originOf(web.stageUrl) })).toBe(403);
    expect(await get(port, `/console?token=${tokenOf(urls.consoleUrl)}`)).toBe(200);
    const fresh = await openScreen(urls.consoleUrl, 'console');
    expect(await fresh.call('listCeremonies', {})).toMatchObject({ ok: true });
    await fresh.close();

    await web.stop();
    const again = await startBrowserMode(web.dataDir);
    try {
      expect(tokenOf(again.consoleUrl)).toBe(tokenOf(urls.consoleUrl));
      expect(tokenOf(again.stageUrl)).toBe(tokenOf(urls.stageUrl));
    } finally {
      await again.stop();
    }
  });

  it('a tokens file others may read is replaced by new tokens; one that is not the kiosk\'s is refused, naming the file', async () => {
    const web = await startBrowserMode();
    await web.stop();
    const file = join(web.dataDir, 'tokens.json');
    chmodSync(file, 0o644);
    const again = await startBrowserMode(web.dataDir);
    await again.stop();
    expect(tokenOf(again.consoleUrl)).not.toBe(tokenOf(web.consoleUrl));
    expect(statSync(file).mode & 0o777).toBe(0o600);

    writeFileSync(file, '{"console":"same","stage":"same"}', { mode: 0o600 });
    const r = spawnSync(process.execPath, ['electron/web/start-web.ts'], { env: { ...process.env, DRAW_KIOSK_DATA: web.dataDir }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/tokens-file/);
  });

  it('a fixed port that is taken is said in words, with what to do (exit 2), not a crash', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const r = spawnSync(process.execPath, ['electron/web/start-web.ts'], { env: { ...process.env, DRAW_KIOSK_DATA: tempDir(), DRAW_KIOSK_PORT: String(port) }, encoding: 'utf8', timeout: 30_000 });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      const { what, next } = describeFailure({ kind: 'port-failed', port, detail: 'EADDRINUSE' });
      expect(r.stderr).toBe(`错误 / error: port-failed: ${what.zh} — ${next.zh} / ${what.en} — ${next.en}\n`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

/** A host whose operational log and stage URL the test reads (the log's storage is not the subject here). */
function watched(host: KioskService) {
  const operations: ({ kind: OperationKind } & OperationDetail)[] = [];
  const stageUrls: string[] = [];
  const log = host.logOperation.bind(host);
  const setStageUrl = host.setStageUrl.bind(host);
  host.logOperation = (kind, detail) => {
    operations.push({ kind, ...detail });
    log(kind, detail);
  };
  host.setStageUrl = (url) => {
    stageUrls.push(url);
    setStageUrl(url);
  };
  return { operations, stageUrls };
}

describe('the service in process: uploads, the refusals log, the stage URL for OBS', () => {
  const LIMIT = 256 * 1024;
  let host: KioskService & ReturnType<typeof watched>;
  let server: KioskServer;
  let port: number;
  let token: string;
  beforeAll(async () => {
    const dataDir = tempDir('kiosk-boundary-');
    const plain = new KioskService(realDevices(dataDir));
    host = Object.assign(plain, watched(plain));
    server = await startKioskServer(host, screenRoots(SCREENS, dataDir), { dataDir, maxUploadBytes: LIMIT });
    port = portOf(server.consoleUrl);
    token = tokenOf(server.consoleUrl);
  });
  afterAll(async () => {
    await server?.close();
    await host?.dispose();
  });

  const post = (body: Buffer | string, headers: Record<string, string>, chunked = false) => {
    const all: Record<string, string> = { Host: `127.0.0.1:${port}`, Origin: `http://127.0.0.1:${port}`, Cookie: `kiosk_console=${token}`, 'Content-Type': 'application/zip', Connection: 'close', ...headers };
    const bytes = Buffer.from(body);
    if (chunked) all['Transfer-Encoding'] = 'chunked';
    else all['Content-Length'] ??= String(bytes.length);
    const head = Object.entries(all).filter(([, v]) => v !== '').map(([k, v]) => `${k}: ${v}\r\n`).join('');
    const payload = chunked ? Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n0\r\n\r\n')]) : bytes;
    return rawRequest(port, Buffer.concat([Buffer.from(`POST /upload HTTP/1.1\r\n${head}\r\n`), payload]));
  };

  it('the stage URL the host hands to OBS carries the stage token only', () => {
    expect(host.stageUrls).toEqual([server.stageUrl]);
    expect(server.stageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/stage\?token=[\w-]{40,}$/);
    expect(server.stageUrl).not.toContain(token);
  });

  it('a .zip the console posts lands under uploads/ by a random id, owner-only, and imports by that id', async () => {
    const pkg = writePackage([{ id: 'P', entries: simpleEntries(20), quota: 2 }], { balls: 6 });
    const zip = join(tempDir(), 'pkg.zip');
    expect(spawnSync('python3', ['-c', `import zipfile,os,sys
with zipfile.ZipFile(sys.argv[2], 'w') as z:
    [z.write(os.path.join(sys.argv[1], n), n) for n in sorted(os.listdir(sys.argv[1]))]`, pkg, zip]).status).toBe(0);
    const bytes = readFileSync(zip);
    const r = await post(bytes, {});
    expect(r.status).toBe(200);
    const { upload } = JSON.parse(String(r.body)) as { upload: string };
    expect(upload).toMatch(/^[0-9a-f]{32}$/);
    const stored = join(host.uploadsDir, `${upload}.zip`);
    expect(readFileSync(stored).equals(bytes)).toBe(true);
    expect(statSync(stored).mode & 0o777).toBe(0o600);
    expect(host.operations).toContainEqual(expect.objectContaining({ kind: 'upload', upload, bytes: bytes.length }));

    // Chunked (no declared length) works alike; the ids differ.
    const second = JSON.parse(String((await post(bytes, {}, true)).body)) as { upload: string };
    expect(second.upload).not.toBe(upload);

    unwrap(await host.call('createCeremony', { period: 'test-1', kind: 'quota-allocation', rehearsal: true, ...NAMES }));
    unwrap(await host.call('importPackage', { upload }));
    await expect.poll(() => host.view().ceremony?.state.phase).toBe('imported');
  });

  it('an upload over the limit gets 413 and leaves nothing; a non-zip type 415; no console token, no Origin or a foreign one 403', async () => {
    const before = readdirSync(host.uploadsDir).sort();
    const big = Buffer.alloc(LIMIT + 1, 0x50);
    expect((await post(big, {})).status).toBe(413);
    expect((await post('PK', { 'Content-Length': String(600 * 1024 * 1024) })).status).toBe(413);
    expect((await post(big, {}, true)).status).toBe(413);
    expect((await post(Buffer.concat([big, big, big]), {}, true)).status).toBe(413);
    expect((await post('PK', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await post('PK', { 'Content-Type': '' })).status).toBe(415);
    expect((await post('PK', { Cookie: '' })).status).toBe(403);
    expect((await post('PK', { Cookie: `kiosk_stage=${tokenOf(server.stageUrl)}` })).status).toBe(403);
    expect((await post('PK', { Origin: '' })).status).toBe(403);
    expect((await post('PK', { Origin: 'http://evil.test' })).status).toBe(403);
    expect((await post('PK', { Host: 'evil.test' })).status).toBe(403);
    await expect.poll(() => readdirSync(host.uploadsDir).sort()).toEqual(before);
  });

  it('every refusal is logged, but a flood only as a count', async () => {
    const refused = () => host.operations.filter((o) => o.kind === 'message-refused' || o.kind === 'request-refused');
    const start = refused().length;
    expect(await get(port, '/console?token=wrong')).toBe(403);
    expect(refused().slice(start)).toEqual([expect.objectContaining({ kind: 'request-refused', reason: 'token', path: '/console' })]);
    expect(JSON.stringify(refused().slice(start))).not.toContain('wrong'); // what was tried as a token is not written down

    const flood = 400;
    const screen = await openScreen(server.consoleUrl, 'console');
    const before = refused().length;
    const replies = await Promise.all(Array.from({ length: flood }, () => screen.call('nope', {})));
    expect(replies.every((r) => !r.ok && (r.failure.kind === 'command-unknown' || r.failure.kind === 'busy'))).toBe(true);
    await screen.close();
    await expect.poll(() => refused().length).toBeGreaterThan(before);
    const logged = refused().slice(before);
    expect(logged.length).toBeLessThan(20);
    const counted = logged.reduce((n, o) => n + (typeof o.count === 'number' ? o.count : 1) + (typeof o.heldBack === 'number' ? o.heldBack : 0), 0);
    expect(counted).toBe(flood);
  });

  it('a socket may have only a few commands in flight: the rest are answered busy, and the socket goes on', async () => {
    const screen = await openScreen(server.consoleUrl, 'console');
    const replies = await Promise.all(Array.from({ length: 50 }, () => screen.call('listCeremonies', {})));
    const busy = replies.filter((r) => !r.ok && r.failure.kind === 'busy').length;
    expect(busy).toBeGreaterThan(0);
    expect(replies.filter((r) => r.ok).length).toBe(50 - busy);
    expect(await screen.call('listCeremonies', {})).toMatchObject({ ok: true });
    await screen.close();
  });
});
