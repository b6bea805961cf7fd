// The ball machine on real pseudo-terminals (socat): the simulator's faults alone and mixed,
// the link pulled and restored, a fuzzed stream, and port errors. The accepted seed is always
// exactly the intended one, or the draw halts with the right alarm; never a wrong digit.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJournalLines } from '../draw-core/bundle-check.ts';
import { formatSentence } from '../hardware/ball-machine/protocol.ts';
import { SerialBallMachine, DEFAULT_SERIAL, listPorts } from '../hardware/ball-machine/serial-machine.ts';
import { unwrap } from '../electron/node/failure.ts';
import { CeremonyService } from '../electron/service/ceremony-service.ts';
import { KioskService } from '../electron/service/kiosk-service.ts';
import { realDevices } from '../electron/service/devices.ts';
import { describeFailure } from '../electron/contract/failures.ts';
import { failureOf } from './support/outcomes.ts';
import { draw } from './support/cli.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';
import { PtyPair, sleep } from './support/pty-pair.ts';

const DRAW = fileURLToPath(new URL('../electron/cli/draw.ts', import.meta.url));
const BALLS = '048213';
const pkg = writePackage([{ id: 'P', name: '个人', entries: simpleEntries(60), quota: 5, alternates: 2 }], { balls: 6 });
const children: ChildProcess[] = [];
const pairs: PtyPair[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const p of pairs.splice(0)) await p.stop();
});

async function pair(): Promise<PtyPair> {
  const p = await new PtyPair().start();
  pairs.push(p);
  return p;
}

interface Running {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Resolves once stderr shows `pattern` (e.g. the port being opened). */
  saw(pattern: RegExp): Promise<void>;
}

function run(args: string[]): Running {
  const child = spawn(process.execPath, [DRAW, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  const saw = async (pattern: RegExp) => {
    while (!pattern.test(stderr) && child.exitCode === null) await sleep(20);
  };
  return { child, done, saw };
}

function simulate(p: PtyPair, faults: string[], balls = BALLS) {
  return run(['simulate-machine', '--port', p.machine, '--balls', balls, '--interval-ms', '60', ...(faults.length ? ['--faults', faults.join(',')] : [])]);
}

/** The ceremony on the app's end, once it has the port open (so the machine's first words are heard). */
async function ceremony(p: PtyPair, dir: string, extra: string[] = []): Promise<Running> {
  const c = run(['ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', join(dir, 'bundle'), '--rehearsal', '--auto-confirm', '--balls-from', `serial:${p.app}`, ...extra]);
  await c.saw(/: connecting/);
  return c;
}

function journal(dir: string) {
  const service = unwrap(CeremonyService.open(join(dir, 'state')));
  try {
    return { state: service.state, records: service.records };
  } finally {
    service.dispose();
  }
}

const expectedResult = (() => {
  const out = join(tempDir(), 'run');
  expect(draw('run', pkg, '--balls', BALLS, '--out', out).status).toBe(0);
  return readFileSync(join(out, 'P.csv'), 'utf8');
})();

describe('a ceremony taking its balls from the machine over a serial port', () => {
  it('through a pty pair, gives the same results as draw run with those balls', async () => {
    const p = await pair();
    const dir = tempDir();
    const c = await ceremony(p, dir);
    simulate(p, []);
    const r = await c.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/SIM BallSim-1 #000001/);
    expect(readFileSync(join(dir, 'bundle', 'results', 'P.csv'), 'utf8')).toBe(expectedResult);
    const records = parseJournalLines(readFileSync(join(dir, 'bundle', 'journal.jsonl'), 'utf8'));
    const balls = (records as unknown as { type: string; data: { source: string; reading: string } }[]).filter((x) => x.type === 'ball-drawn');
    expect(balls.map((b) => b.data.source)).toEqual(Array(6).fill('machine'));
    expect(balls[0]!.data.reading).toBe('$BALL,1,0*02');
    expect(draw('verify', join(dir, 'bundle')).stdout).toMatch(/(^|\n)verified\n$/);
  });

  for (const faults of [['noise'], ['badsum'], ['dup'], ['drop'], ['silent'], ['noise', 'badsum', 'dup', 'drop']]) {
    it(`fault ${faults.join('+')}: the seed is exactly the intended one`, async () => {
      const p = await pair();
      const dir = tempDir();
      const c = await ceremony(p, dir);
      simulate(p, faults);
      const r = await c.done;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`种子 / seed: ${BALLS}`);
      expect(readFileSync(join(dir, 'bundle', 'results', 'P.csv'), 'utf8')).toBe(expectedResult);
      if (faults.includes('badsum')) expect(r.stderr).toMatch(/badsum [1-9]/);
      if (faults.includes('dup')) expect(r.stderr).toMatch(/ignored \$BALL,1,0\*02: duplicate/);
    }, 30_000);
  }

  for (const faults of [['conflict'], ['skip'], ['noise', 'dup', 'conflict'], ['badsum', 'skip']]) {
    it(`fault ${faults.join('+')}: the draw halts with the right alarm and never takes a wrong digit`, async () => {
      const p = await pair();
      const dir = tempDir();
      const c = await ceremony(p, dir);
      const sim = simulate(p, faults);
      const r = await c.done;
      expect(r.code, r.stderr).toBe(3);
      const kind = faults.includes('conflict') ? 'conflict' : 'skip';
      expect(r.stderr).toMatch(new RegExp(`alarm: ${kind}: `));
      const { state, records } = journal(dir);
      expect(state.alarm).toMatchObject(kind === 'conflict' ? { kind, n: 3, digit: '9', expected: 4 } : { kind, n: 4, expected: 3 });
      expect(BALLS.startsWith(state.balls.join(''))).toBe(true); // only intended digits, in order
      expect(records.filter((x) => x.type === 'ball-alarm')).toHaveLength(1);

      // The host decides: the machine's next reading for that index; the machine draws again.
      sim.child.kill('SIGKILL');
      const again = await ceremony(p, dir, ['--resolve', 'machine-next']);
      simulate(p, faults.filter((f) => f !== 'conflict' && f !== 'skip'));
      const r2 = await again.done;
      expect(r2.code, r2.stderr).toBe(0);
      expect(r2.stdout).toContain(`种子 / seed: ${BALLS}`);
      const after = journal(dir);
      expect(after.records.filter((x) => x.type === 'ball-voided')).toHaveLength(kind === 'conflict' ? 1 : 0);
      expect(after.records.find((x) => x.type === 'ball-alarm-resolved')?.data).toEqual({ decision: 'machine-next', by: 'rehearsal-auto' });
      expect(draw('verify', join(dir, 'bundle')).stdout).toMatch(/(^|\n)verified\n$/);
    }, 30_000);
  }

  it('the link pulled mid-draw and restored: it goes on at the right index without any action', async () => {
    const p = await pair();
    const dir = tempDir();
    const c = await ceremony(p, dir);
    p.write(formatSentence('HELLO', 'ACME', 'LM-6', '000123', '1.4') + formatSentence('HB', 1));
    for (let n = 1; n <= 3; n++) p.write(formatSentence('BALL', n, BALLS[n - 1]!));
    await sleep(300);
    await p.stop(); // the cable is pulled: the port is gone
    await sleep(800);
    await p.start(); // plugged back in at the same path
    await sleep(1500); // the driver retries at most once a second
    p.write(formatSentence('HB', 2));
    for (let n = 1; n <= 6; n++) p.write(formatSentence('BALL', n, BALLS[n - 1]!)); // the machine repeats what it had sent
    const r = await c.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/: down \(/);
    expect(r.stderr.indexOf(': down (')).toBeLessThan(r.stderr.lastIndexOf(': up'));
    expect(r.stdout).toContain(`种子 / seed: ${BALLS}`);
    const { records } = journal(dir);
    expect(records.filter((x) => x.type === 'ball-drawn').map((x) => (x.data as { n: number }).n)).toEqual([1, 2, 3, 4, 5, 6]);
  }, 30_000);

  it('fuzz: random bytes with valid sentences spliced in, through the port: only the valid balls are taken', async () => {
    const p = await pair();
    const dir = tempDir();
    const c = await ceremony(p, dir);
    let seed = 4242;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed % n);
    for (let n = 1; n <= 6; n++) {
      for (let k = 0; k < 20; k++) {
        const noise = Buffer.alloc(rand(200));
        for (let i = 0; i < noise.length; i++) noise[i] = rand(256);
        p.write(noise);
        p.write(formatSentence('HB', n * 100 + k));
      }
      p.write(formatSentence('BALL', n, BALLS[n - 1]!));
    }
    const r = await c.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`种子 / seed: ${BALLS}`);
  }, 30_000);
});

describe('serial port problems are clear messages, never a crash', () => {
  const settings = (path: string) => ({ ...DEFAULT_SERIAL, path });
  const downReason = async (machine: SerialBallMachine) => {
    await machine.start();
    const status = machine.status;
    await machine.stop();
    return status;
  };

  it('a missing port: down, with the reason; the driver keeps trying', async () => {
    const st = await downReason(new SerialBallMachine(settings(join(tempDir(), 'ttyUSB9'))));
    expect(st.link).toBe('down');
    expect(st.linkReason).toMatch(/does not exist/);
  });

  it('a busy port: in use by another program', async () => {
    const p = await pair();
    const first = new SerialBallMachine(settings(p.app));
    await first.start();
    const st = await downReason(new SerialBallMachine(settings(p.app)));
    await first.stop();
    expect(st.link).toBe('down');
    expect(st.linkReason).toMatch(/in use by another program/);
  });

  it('a port without permission (the driver run as an unprivileged user)', async () => {
    const p = await pair();
    // The unprivileged user may not read the checkout or the Node under root's home: give it
    // its own copy of Node, the driver's modules and serialport, in a folder it can read.
    const root = fileURLToPath(new URL('..', import.meta.url));
    const sandbox = mkdtempSync(join(tmpdir(), 'unprivileged-'));
    chmodSync(sandbox, 0o755);
    cpSync(process.execPath, join(sandbox, 'node'));
    cpSync(join(root, 'hardware'), join(sandbox, 'hardware'), { recursive: true });
    for (const dep of ['serialport', '@serialport', 'debug', 'ms', 'node-gyp-build', 'node-addon-api']) {
      if (existsSync(join(root, 'node_modules', dep))) cpSync(join(root, 'node_modules', dep), join(sandbox, 'node_modules', dep), { recursive: true });
    }
    writeFileSync(join(sandbox, 'package.json'), '{"type":"module"}');
    writeFileSync(join(sandbox, 'probe.ts'), `import { SerialBallMachine, DEFAULT_SERIAL } from './hardware/ball-machine/serial-machine.ts';
const m = new SerialBallMachine({ ...DEFAULT_SERIAL, path: process.argv[2]! });
await m.start();
console.log(m.status.linkReason);
await m.stop();
process.exit(0);
`);
    spawnSync('chmod', ['-R', 'a+rX', sandbox]);
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', join(sandbox, 'node'), join(sandbox, 'probe.ts'), p.app], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout, r.stderr).toMatch(/no permission to open serial port/);
  });

  it('draw simulate-machine on a missing port exits 2 with the reason', () => {
    const r = draw('simulate-machine', '--port', join(tempDir(), 'ttyS99'), '--balls', '123');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/port-open: .*does not exist/);
  });

  it('listing ports without udev is a failure in words for the host, not a crash', async () => {
    const r = spawnSync(process.execPath, ['-e', `import('${new URL('../hardware/ball-machine/serial-machine.ts', import.meta.url).href}').then((m) => m.listPorts()).then((p) => console.log(JSON.stringify(p)), (e) => console.log('rejected', e.message))`],
      { encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' }, timeout: 30_000 });
    expect(r.stdout).toMatch(/^rejected /);
    const kiosk = new KioskService({ ...realDevices(tempDir()), ballMachines: { ...realDevices('').ballMachines, listPorts: () => Promise.reject(new Error('udevadm: not found')) } });
    const failure = failureOf(await kiosk.call('listPorts', {}));
    expect(failure).toEqual({ kind: 'device-list-failed', device: 'ports', detail: 'udevadm: not found' });
    expect(describeFailure(failure).next.en).toMatch(/type the port's path/);
    await kiosk.dispose();
    expect(Array.isArray(await listPorts())).toBe(true);
  });
});
