// Thousands of random and mutated HTTP requests and WebSocket frames against the running
// service in the middle of a rehearsal (balls half drawn): random bytes, mutated and crafted
// requests, truncated frames, bad opcodes, unmasked frames, huge length headers, valid frames
// carrying mutated JSON, wrong types, unknown commands. Afterwards the console that was open
// all along finishes the ceremony and the bundle verifies (journal chain included).
// Deterministic: the seed is printed; FUZZ_SEED=<n> replays a run. Loopback only.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CommandName, KioskCommands } from '../electron/contract/kiosk-api.ts';
import { parseCommand, parseClientMessage } from '../electron/service/command-schemas.ts';
import { draw } from './support/cli.ts';
import { apiUrl, frame, openScreen, type ScreenClient } from './support/kiosk-wire.ts';
import { applicantCodes, SAMPLE_BALLS, startScenario, type Scenario } from './support/scenario.ts';
import { NAMES } from './support/ceremony-names.ts';

const CASES = 3200;
const PARALLEL = 8;
const WAIT_MS = 100;
/** A fixed seed, so every run sends the same inputs; FUZZ_SEED=<n> tries others. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_112);

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    int,
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!,
    bytes: (n: number) => Buffer.from(Array.from({ length: n }, () => int(256))),
  };
}

/** Valid arguments of every command (a compile error if one is missing), the start of mutations. */
const VALID: { [C in CommandName]: KioskCommands[C]['args'] } = {
  createCeremony: { period: 'fuzz-1', kind: 'quota-allocation', rehearsal: true, ...NAMES },
  resumeCeremony: { dir: 'x' },
  listCeremonies: {},
  importPackage: { path: '/tmp/x' },
  confirmSealDigest: {},
  listPorts: {},
  useSerialMachine: { path: '/dev/null', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  useVirtualMachine: { intervalMs: 10, faults: [] },
  enterManualBall: { hostDigit: '1', notaryDigit: '1' },
  resolveAlarm: { decision: 'manual' },
  voidLastBall: { reason: 'x' },
  confirmSeed: {},
  computeResults: {},
  revealTo: { pool: 0, page: 0 },
  setRevealPace: { intervalMs: 2000, running: false },
  revealPage: { pool: 0, page: 0 },
  listDrives: {},
  writeBundle: { target: '/tmp/x' },
  connectObs: { url: 'ws://127.0.0.1:1' },
  prepareObs: {},
  setStreaming: { on: true },
  closeCeremony: {},
  abortCeremony: { reason: 'x' },
  rotateTokens: {},
};
const COMMANDS = Object.keys(VALID) as CommandName[];
/** What the fuzzer may send with a valid form on the console's socket: reads, which change nothing. */
const HARMLESS = new Set<string>(['listCeremonies', 'revealPage']);

/** TCP connections to or from `port` that are not listening or already closed (Linux). */
function openConnections(port: number): number {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1).filter((line) => {
    const [, local, remote, state] = line.trim().split(/\s+/);
    return (local?.endsWith(hex) || remote?.endsWith(hex)) && state !== '0A' && state !== '06' && state !== '07';
  }).length;
}

let scenario: Scenario;
let console_: ScreenClient;
let stage: ScreenClient;
beforeAll(async () => {
  scenario = await startScenario([{ id: 'P', entries: applicantCodes(40), quota: 5, alternates: 2 }]);
  await scenario.step('seeding'); // the seal digest confirmed, 4 of 6 balls drawn
  console_ = await openScreen(scenario.server.consoleUrl, 'console');
  stage = await openScreen(scenario.server.stageUrl, 'stage');
});
afterAll(async () => {
  await scenario?.close();
});

it(`survives ${CASES} random and mutated requests and frames mid-ceremony; then the ceremony goes on and verifies`, { timeout: 300_000 }, async () => {
  process.stdout.write(`fuzz seed: ${SEED} (FUZZ_SEED=${SEED} replays this run)\n`);
  const r = generator(SEED);
  const { port } = new URL(scenario.server.consoleUrl);
  const consoleToken = new URL(scenario.server.consoleUrl).searchParams.get('token')!;
  const stageToken = new URL(scenario.server.stageUrl).searchParams.get('token')!;
  const own = `127.0.0.1:${port}`;
  const origin = `http://${own}`;

  const randomJson = (depth = 0): unknown => {
    switch (r.int(depth > 2 ? 6 : 8)) {
      case 0: return r.pick([null, true, false, 0, -0, 1, -1, 0.5, 1e308, -1e308, 2 ** 53 + 1, 6, 63, 64, 2 ** 31]);
      case 1: return r.pick(['', '0', '1', '123456', 'é', '😀', '\u202e', '\u0000', '..', '../..', '/etc/passwd', 'COM1', 'ws://127.0.0.1:1', 'x'.repeat(600), 'é'.repeat(5000)]);
      case 2: return r.pick(COMMANDS);
      case 3: return r.bytes(r.int(40)).toString('latin1');
      case 4: return r.int(1000) - 500;
      case 5: return r.pick(['quota-allocation', 'manual', 'machine-next', 'none', 'noise', '__proto__', 'constructor']);
      case 6: return Array.from({ length: r.int(4) }, () => randomJson(depth + 1));
      default: return Object.fromEntries(Array.from({ length: r.int(4) }, () => [r.pick(['pin', 'path', 'period', 'id', 'args', '__proto__', 'x', 'pool', 'page']), randomJson(depth + 1)]));
    }
  };
  /** A command's valid arguments with one field changed, added or removed. */
  const mutatedArgs = (command: CommandName): unknown => {
    const args = VALID[command] as Record<string, unknown>;
    const keys = Object.keys(args);
    const key = keys.length > 0 && r.chance(0.7) ? r.pick(keys) : r.pick(['pin', 'notaryPin', 'extra', 'upload', 'path', '__proto__']);
    const changed = Object.fromEntries(Object.entries(args).filter(([k]) => k !== key || r.chance(0.8)));
    if (key in changed || r.chance(0.5)) changed[key] = randomJson();
    return r.chance(0.05) ? randomJson() : changed;
  };
  const message = (): string => {
    switch (r.int(9)) {
      case 0: return JSON.stringify(randomJson());
      case 1: return r.pick(['[', '{']).repeat(r.int(20_000)); // deep nesting
      case 2: return JSON.stringify({ id: randomJson(), command: r.pick(COMMANDS), args: {} });
      case 3: return JSON.stringify({ id: r.int(1e6), command: r.pick(COMMANDS), args: randomJson() });
      case 4: return JSON.stringify({ id: r.int(1e6), command: r.pick(['', 'x', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 'CREATECEREMONY', 'x'.repeat(100), 'é']), args: {} });
      case 5: return JSON.stringify({ id: r.int(1e6), command: r.pick(COMMANDS), args: {}, extra: randomJson() });
      case 6: return JSON.stringify({ id: r.int(1e6), command: r.pick(COMMANDS) });
      default: {
        const command = r.pick(COMMANDS);
        const text = JSON.stringify({ id: r.int(1e6), command, args: mutatedArgs(command) });
        return r.chance(0.3) ? mutate(Buffer.from(text)).toString('utf8') : text;
      }
    }
  };
  /** Never a command the console would obey: a valid one (a mutation may stumble on one) is renamed to an unknown one. */
  const harmless = (text: string, onConsole: boolean): string => {
    if (!onConsole) return text;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return text;
    }
    const envelope = parseClientMessage(json);
    if (!envelope.ok || HARMLESS.has(envelope.message.command) || !parseCommand(envelope.message.command, envelope.message.args).ok) return text;
    return JSON.stringify({ ...envelope.message, command: `fuzz-${envelope.message.command}` });
  };
  const mutate = (input: Buffer): Buffer => {
    let b = Buffer.from(input);
    for (let k = 1 + r.int(6); k > 0 && b.length > 0; k--) {
      const at = r.int(b.length);
      switch (r.int(6)) {
        case 0: b[at] = b[at]! ^ (1 << r.int(8)); break;
        case 1: b[at] = r.int(256); break;
        case 2: b = Buffer.concat([b.subarray(0, at), r.bytes(1 + r.int(16)), b.subarray(at)]); break;
        case 3: b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + r.int(16)))]); break;
        case 4: b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + 1 + r.int(32)), b.subarray(at)]); break;
        default: b = b.subarray(0, at);
      }
    }
    return b;
  };
  const key = () => r.bytes(4);
  const frameOf = (onConsole: boolean): Buffer => {
    const text = () => harmless(message(), onConsole);
    if (r.chance(0.5)) return frame(text(), { maskKey: key() }); // a well-formed frame: the message is what is wrong
    switch (r.int(14)) {
      case 0: return r.bytes(1 + r.int(64));
      case 1: { const f = frame(text(), { maskKey: key() }); return f.subarray(0, r.int(f.length)); } // truncated
      case 2: return frame(text(), { opcode: r.pick([3, 4, 5, 6, 7, 11, 12, 13, 14, 15]), maskKey: key() });
      case 3: return frame(text(), { rsv: 1 + r.int(7), maskKey: key() });
      case 4: return frame(text(), { mask: false });
      case 5: return frame(r.bytes(r.int(8)), { declaredLength: r.pick([2n ** 63n - 1n, 2n ** 53n, 2n ** 32n, 65_537n, 1n << BigInt(20 + r.int(40))]), maskKey: key() });
      case 6: return frame(r.bytes(126 + r.int(100)), { opcode: r.pick([8, 9, 10]), maskKey: key() }); // control frame too long
      case 7: return frame(text(), { opcode: 0, fin: r.chance(0.5), maskKey: key() }); // continuation without a start
      case 8: return Buffer.concat([frame(text(), { fin: false, maskKey: key() }), frame(text(), { maskKey: key() })]); // a new message inside a fragmented one
      case 9: return frame(r.bytes(r.int(200)), { opcode: 2, maskKey: key() }); // binary
      case 10: return frame(Buffer.concat([Buffer.from('{"id":1,"command":"'), r.bytes(1 + r.int(8)), Buffer.from('","args":{}}')]), { maskKey: key() }); // bad UTF-8, maybe
      case 11: return frame(r.chance(0.5) ? Buffer.from([0x03, 0xe8 + r.int(20)]) : r.bytes(r.int(30)), { opcode: 8, maskKey: key() }); // close with any code
      case 12: return frame('x'.repeat(64 * 1024 + r.int(8000)), { maskKey: key() }); // just over the limit
      default: return mutate(frame(text(), { maskKey: key() }));
    }
  };

  const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'PRI', 'get', 'G ET', 'X'.repeat(300)];
  const PATHS = [`/console?token=${consoleToken}`, `/stage?token=${stageToken}`, '/console', '/stage', '/upload', `/upload?token=${consoleToken}`, '/console.html', '/stage.html',
    '/assets/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '//evil.test/x', '*', 'http://evil.test/', '/api/console', `/api/console?token=${consoleToken}`,
    `/api/stage?token=${stageToken}`, `/a${'/x'.repeat(3000)}`, '/%', '/%00', '/é', `/?token=${'é'.repeat(43)}`, '/nul', '/COM1.js', '/assets/x.js', `/console?token=${consoleToken}&token=x`];
  const headerChoices = (): [string, string][] => [
    ['Host', r.pick([own, `localhost:${port}`, 'evil.test', `evil.test:${port}`, `${own}\u00ff`, 'x'.repeat(9000), ''])],
    ['Origin', r.pick([origin, 'null', 'http://evil.test', `http://localhost:${port}`, '', 'é'])],
    ['Cookie', r.pick([`kiosk_console=${consoleToken}`, `kiosk_stage=${stageToken}`, `kiosk_console=${'é'.repeat(43)}`, 'a=b; kiosk_console', ';;;;=;', `kiosk_console=${'x'.repeat(8000)}`])],
    ['Content-Length', r.pick(['0', '5', '-1', '99999999999999999999', 'abc', '1, 2', '600000000', ''])],
    ['Transfer-Encoding', r.pick(['chunked', 'gzip, chunked', 'identity', 'chunked, chunked'])],
    ['Content-Type', r.pick(['application/zip', 'text/plain', 'application/zip; x=y', 'application/x-zip-compressed', ''])],
    ['Upgrade', r.pick(['websocket', 'h2c', 'x'])],
    ['Connection', r.pick(['Upgrade', 'close', 'keep-alive', 'Upgrade, close'])],
    ['Sec-WebSocket-Key', r.pick([r.bytes(16).toString('base64'), '', 'x'])],
    ['Sec-WebSocket-Version', r.pick(['13', '8', ''])],
    ['Expect', '100-continue'],
    [r.bytes(1 + r.int(10)).toString('latin1'), r.bytes(r.int(20)).toString('latin1')],
  ];
  const crafted = (): Buffer => {
    const headers = headerChoices().filter(() => r.chance(0.5));
    if (r.chance(0.1)) headers.push(...headers);
    const head = `${r.pick(METHODS)} ${r.pick(PATHS)} ${r.pick(['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', ''])}\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}${r.chance(0.1) ? 'no colon here\r\n' : ''}\r\n`;
    const body = r.chance(0.5) ? r.bytes(r.int(3000)) : r.chance(0.5) ? Buffer.from(`${r.pick(['5', 'zz', 'ffffffffffffffff', '-1'])}\r\nhello\r\n0\r\n\r\n`) : Buffer.alloc(0);
    return Buffer.concat([Buffer.from(head, 'latin1'), body]);
  };
  const validRequest = (): Buffer => Buffer.from(r.pick([
    `GET /console?token=${consoleToken} HTTP/1.1\r\nHost: ${own}\r\n\r\n`,
    `GET /assets/x.js HTTP/1.1\r\nHost: ${own}\r\nCookie: kiosk_stage=${stageToken}\r\n\r\n`,
    `POST /upload HTTP/1.1\r\nHost: ${own}\r\nOrigin: ${origin}\r\nCookie: kiosk_console=${consoleToken}\r\nContent-Type: application/zip\r\nContent-Length: 4\r\n\r\nPK\x03\x04`,
    `GET /api/console?token=${consoleToken} HTTP/1.1\r\nHost: ${own}\r\nOrigin: ${origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  ]), 'latin1');
  const socketPath = (pageUrl: string, capability: 'console' | 'stage') => {
    const u = new URL(apiUrl(pageUrl, capability));
    return u.pathname + u.search;
  };
  const handshake = (capability: 'console' | 'stage' | 'none') => {
    const path = capability === 'console' ? socketPath(scenario.server.consoleUrl, 'console')
      : capability === 'stage' ? socketPath(scenario.server.stageUrl, 'stage')
        : `/api/console?token=${encodeURIComponent(r.pick(['', 'x', stageToken, 'é'.repeat(43)]))}`;
    return Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${own}\r\nOrigin: ${r.chance(0.95) ? origin : 'http://evil.test'}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${r.bytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`, 'latin1');
  };

  type Case = { kind: string; handshake?: Buffer; chunks: Buffer[] };
  const makeCase = (): Case => {
    const roll = r.int(100);
    if (roll < 10) return { kind: 'http random bytes', chunks: [r.bytes(1 + r.int(1500))] };
    if (roll < 22) return { kind: 'http mutated', chunks: [mutate(validRequest())] };
    if (roll < 38) return { kind: 'http crafted', chunks: [crafted()] };
    const capability = r.pick(['console', 'console', 'stage', 'none'] as const);
    const frames = Array.from({ length: 1 + r.int(6) }, () => frameOf(capability === 'console'));
    return { kind: `ws ${capability}`, handshake: handshake(capability), chunks: r.chance(0.3) ? [Buffer.concat(frames)] : frames };
  };

  /** What came back, so the run can show it reached past the door: statuses, and typed errors on open sockets. */
  const answers = new Map<string, number>();
  const count = (what: string) => answers.set(what, (answers.get(what) ?? 0) + 1);
  /** One case on its own connection: written, given a moment, then dropped. */
  const run = async (c: Case) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    socket.on('error', () => undefined);
    let head = '';
    socket.on('data', (d: Buffer) => {
      if (head.length < 256 * 1024) head += d.toString('latin1');
    });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const wait = (ms: number) => Promise.race([closed, new Promise<void>((resolve) => setTimeout(resolve, ms))]);
    if (c.handshake) {
      socket.write(c.handshake);
      await wait(30); // the 101 (or the refusal) first, mostly; frames then arrive on the open socket
    }
    for (const chunk of c.chunks) if (!socket.destroyed) socket.write(chunk);
    await wait(WAIT_MS);
    socket.destroy();
    await closed;
    count(`status ${/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 'none'}`);
    for (const kind of ['message-invalid', 'command-invalid', 'command-unknown', 'forbidden', 'busy']) if (head.includes(`"kind":"${kind}"`)) count(kind);
  };

  const cases = Array.from({ length: CASES }, makeCase);
  const kinds = new Map<string, number>();
  for (const c of cases) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  let next = 0;
  let checked = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      await run(cases[i]!);
      // Now and then the console that has been open all along is answered as before.
      if (i % 400 === 0) {
        expect(await console_.call('listCeremonies', {}), `after case ${i}`).toMatchObject({ ok: true });
        checked++;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  process.stdout.write(`fuzz: ${CASES} cases (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}), ${cases.reduce((n, c) => n + c.chunks.length, 0)} writes\n`);
  process.stdout.write(`fuzz answers: ${[...answers].sort().map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
  expect(checked).toBe(Math.ceil(CASES / 400));
  // It got past the door: sockets opened, and messages on them answered with each kind of typed error.
  expect(answers.get('status 101')).toBeGreaterThan(CASES / 5);
  for (const what of ['status 400', 'status 403', 'message-invalid', 'command-invalid', 'command-unknown', 'forbidden']) expect(answers.get(what), what).toBeGreaterThan(0);

  // Every connection the fuzzer dropped is let go by the service too (none lingers, filling its
  // file descriptors): on loopback both ends are ours, so /proc/net/tcp shows just the two
  // screens' sockets, each twice.
  await expect.poll(() => openConnections(Number(port)), { timeout: 10_000 }).toBe(4);

  // Nothing the fuzzer sent moved the ceremony.
  const state = scenario.host.view().ceremony!.state;
  expect(state.phase).toBe('seeding');
  expect(state.balls.join('')).toBe(SAMPLE_BALLS.slice(0, 4));

  // The console that was open all along finishes the ceremony; the stage follows it.
  const call = async (command: CommandName, args: unknown) => expect(await console_.call(command, args), command).toMatchObject({ ok: true });
  for (const d of SAMPLE_BALLS.slice(4)) await call('enterManualBall', { hostDigit: d, notaryDigit: d });
  await call('confirmSeed', {});
  await call('computeResults', {});
  await call('revealTo', { pool: 0, page: 0 });
  await call('writeBundle', { target: scenario.bundleDir });
  await call('closeCeremony', {});
  await expect.poll(() => stage.views.at(-1)?.ceremony?.state.phase).toBe('closed');
  expect(stage.views.at(-1)!.ceremony!.state.balls.join('')).toBe(SAMPLE_BALLS);

  // A console opened now works too.
  const fresh = await openScreen(scenario.server.consoleUrl, 'console');
  expect(await fresh.call('listCeremonies', {})).toMatchObject({ ok: true });
  await fresh.close();

  // The bundle verifies: its journal's hash chain and facts, the package, the balls, every result.
  expect(draw('verify', scenario.bundleDir).stdout).toMatch(/(^|\n)verified\n$/);
});
