// npm run bench: Beijing-scale packages, each measurement beside a baseline run in the
// same process on the same files. Packages are generated once into .bench/ (ignored by git).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allocate } from '../../draw-core/allocate.ts';
import { masterSeed, poolKey } from '../../draw-core/seed.ts';
import { nativeSha256, openPackage } from '../../electron/node/package-files.ts';
import { SerialPort } from 'serialport';
import { formatSentence } from '../../hardware/ball-machine/protocol.ts';
import { DEFAULT_SERIAL, SerialBallMachine } from '../../hardware/ball-machine/serial-machine.ts';
import { BallIntake } from '../../electron/service/ball-intake.ts';
import { unwrap } from '../../electron/node/failure.ts';
import { CeremonyService } from '../../electron/service/ceremony-service.ts';
import { PtyPair } from '../support/pty-pair.ts';
import { launchBrowser } from '../support/browser.ts';
import { realObs } from '../support/obs.ts';
import { OBSWebSocket } from 'obs-websocket-js';
import { DEFAULT_SCENES, ObsDirector } from '../../hardware/obs/director.ts';
import { SAMPLE_BALLS } from '../support/scenario.ts';
import { deflated, writeZip } from '../support/zips.ts';
import { lastBallToSealed } from './last-ball.ts';
import { FRAME_SIZE, stageFrames } from './stage-frames.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const benchDir = join(root, '.bench');
const DRAW = join(root, 'electron/cli/draw.ts');
const MAXRSS = join(root, 'tests/bench/maxrss.ts');
const BALLS = '048213';
const QUOTA = 10_000;
const ALTERNATES = 10_000;

interface Scale {
  name: string;
  entries: number;
  maxWeight: number;
}
const SCALES: Scale[] = [
  { name: 'beijing-3.5m-weighted', entries: 3_500_000, maxWeight: 13 },
  { name: 'beijing-12m', entries: 12_000_000, maxWeight: 1 },
];

/** Deterministic pseudo-random numbers, so every run benchmarks the same package. */
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

/** A package of 13-digit applicant codes, ascending, weights 1..maxWeight. */
function generate(scale: Scale): { dir: string; files: string[] } {
  const dir = join(benchDir, scale.name);
  const files = [join(dir, 'manifest.json'), join(dir, 'pool.csv')];
  if (existsSync(files[0]!)) return { dir, files };
  mkdirSync(dir, { recursive: true });
  const rand = rng(scale.entries);
  const lineMax = 13 + 1 + 7 + 1;
  const buf = Buffer.allocUnsafe(12 + scale.entries * lineMax);
  let at = buf.write('code,weight\n', 0, 'latin1');
  let code = 4_600_000_000_000;
  let totalWeight = 0;
  for (let i = 0; i < scale.entries; i++) {
    code += 1 + rand(3);
    const weight = 1 + rand(scale.maxWeight);
    totalWeight += weight;
    at += buf.write(`${code},${weight}\n`, at, 'latin1');
  }
  const csv = buf.subarray(0, at);
  writeFileSync(files[1]!, csv);
  const manifest = {
    format: 'draw-package/1', period: 'bench', title: `北京规模基准 ${scale.name}`, seed: { balls: BALLS.length },
    pools: [{ id: 'pool', name: scale.name, file: 'pool.csv', sha256: createHash('sha256').update(csv).digest('hex'),
      entries: scale.entries, totalWeight, quota: QUOTA, alternates: ALTERNATES }],
  };
  writeFileSync(files[0]!, JSON.stringify(manifest));
  return { dir, files };
}

/** A one-pool package drawn from 32 balls, for the ball latency measurement. */
function writeLatencyPackage(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const csv = `code,weight\n${Array.from({ length: 100 }, (_, i) => `A${String(i).padStart(3, '0')},1\n`).join('')}`;
  writeFileSync(join(dir, 'pool.csv'), csv);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ format: 'draw-package/1', period: 'bench', title: 'latency', seed: { balls: 32 },
    pools: [{ id: 'pool', name: 'pool', file: 'pool.csv', sha256: createHash('sha256').update(csv).digest('hex'), entries: 100, totalWeight: 100, quota: 10 }] }));
}

/** Best wall time of `runs` runs of a command, in ms. */
function timeCommand(cmd: string, args: string[], runs: number, before?: () => void, env?: NodeJS.ProcessEnv): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    before?.();
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    best = Math.min(best, ms);
  }
  return best;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

function table(title: string, head: string[], rows: string[][]): void {
  console.log(`\n### ${title}\n`);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => ' --- ').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

console.log(`draw benchmark — node ${process.versions.node}, ${new Date().toISOString()}`);
const runRows: string[][] = [];
const allocRows: string[][] = [];
const memRows: string[][] = [];

for (const scale of SCALES) {
  const { dir, files } = generate(scale);
  const sizeMiB = files.reduce((s, f) => s + readFileSync(f).length, 0) / 2 ** 20;
  const out = join(benchDir, `${scale.name}-out`);
  const clean = () => rmSync(out, { recursive: true, force: true });

  // draw run, end to end, against sha256sum on the same files (the floor: every byte is hashed).
  const sha = timeCommand('sha256sum', files, 3);
  const run = timeCommand(process.execPath, [DRAW, 'run', dir, '--balls', BALLS, '--out', out], 3, clean);
  runRows.push([scale.name, `${scale.entries.toLocaleString('en')}`, `${sizeMiB.toFixed(0)} MiB`, fmt(sha), fmt(run), ratio(run, sha),
    scale.entries === 3_500_000 ? '≤ 5×' : '—']);

  // Peak memory of the whole `draw run` process, against the package's own size.
  const rssFile = join(benchDir, 'maxrss');
  timeCommand(process.execPath, ['--import', MAXRSS, DRAW, 'run', dir, '--balls', BALLS, '--out', out], 1, clean, { BENCH_MAXRSS_FILE: rssFile });
  const rssMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
  memRows.push([scale.name, `${sizeMiB.toFixed(0)} MiB`, `${rssMiB.toFixed(0)} MiB`, ratio(rssMiB, sizeMiB), scale.entries === 12_000_000 ? '< 1024 MiB' : '—']);
  clean();

  // Allocation alone (10,000 winners + 10,000 alternates), against one linear pass over the weights.
  const pkg = openPackage(dir);
  const { entries } = pkg.pools[0]!;
  const key = poolKey(masterSeed(pkg.sealDigest, BALLS), 'pool');
  const allocMs: number[] = [];
  const passMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    let t0 = performance.now();
    allocate(entries, QUOTA + ALTERNATES, key, nativeSha256);
    allocMs.push(performance.now() - t0);
    t0 = performance.now();
    let sum = 0;
    for (let j = 0; j < entries.count; j++) sum += entries.weights[j]!;
    passMs.push(performance.now() - t0);
    if (sum !== entries.totalWeight) throw new Error('weights changed');
  }
  allocRows.push([scale.name, `${(QUOTA + ALTERNATES).toLocaleString('en')}`, fmt(median(passMs)), fmt(median(allocMs)), ratio(median(allocMs), median(passMs)), '< 100 ms']);
}

// draw seal on the 3.5M codes in shuffled order, against GNU sort (C locale) on the same file.
{
  const scale = SCALES[0]!;
  const codesPath = join(benchDir, 'seal-codes.csv');
  const out = join(benchDir, 'seal-out');
  if (!existsSync(codesPath)) {
    const lines = readFileSync(join(benchDir, scale.name, 'pool.csv'), 'latin1').trimEnd().split('\n').slice(1);
    const rand = rng(99);
    for (let i = lines.length - 1; i > 0; i--) {
      const j = rand(i + 1);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    }
    writeFileSync(codesPath, `${lines.join('\n')}\n`);
  }
  const sort = timeCommand('sort', ['-o', join(benchDir, 'sorted.csv'), codesPath], 3, undefined, { LC_ALL: 'C' });
  const seal = timeCommand(process.execPath, [DRAW, 'seal', '--out', out, '--period', 'bench', '--title', 'seal', '--balls', '6',
    '--pool', `id=pool,name=pool,quota=${QUOTA},alternates=${ALTERNATES},codes=${codesPath}`], 3, () => rmSync(out, { recursive: true, force: true }));
  table('draw seal, 3.5 million shuffled codes (baseline: LC_ALL=C sort of the same file)', ['package', 'sort', 'draw seal', 'ratio'],
    [[scale.name, fmt(sort), fmt(seal), ratio(seal, sort)]]);
  rmSync(out, { recursive: true, force: true });
}

// Resuming a ceremony after a crash: the journal's chain re-checked, the package copy
// re-verified against the journaled seal digest, and (once computed) the results recomputed.
{
  const scale = SCALES[0]!;
  const { dir: pkgDir, files } = generate(scale);
  const stateDir = join(benchDir, 'resume-state');
  rmSync(stateDir, { recursive: true, force: true });
  const s = unwrap(CeremonyService.create(stateDir, { period: 'bench', kind: 'quota-allocation', rehearsal: true }));
  unwrap(await s.importPackage(pkgDir));
  unwrap(s.confirmSealDigest('rehearsal-auto'));
  for (let n = 1; n <= BALLS.length; n++) unwrap(s.recordBall(n, BALLS[n - 1]!, 'simulator', 'bench'));
  s.dispose();
  const timeOpen = () => {
    const ms: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      unwrap(CeremonyService.open(stateDir)).dispose();
      ms.push(performance.now() - t0);
    }
    return median(ms);
  };
  const sha = timeCommand('sha256sum', files, 3);
  const seeding = timeOpen();
  const again = unwrap(CeremonyService.open(stateDir));
  unwrap(again.confirmSeed('rehearsal-auto'));
  unwrap(again.computeResults());
  again.dispose();
  const computed = timeOpen();
  table('resuming a ceremony, 3.5 million entries (baseline: sha256sum over the package; median of 3)', ['resumed in phase', 'sha256sum', 'resume', 'ratio', 'target'], [
    ['seeding (package re-verified)', fmt(sha), fmt(seeding), ratio(seeding, sha), '< 3 s'],
    ['computed (package re-verified, results recomputed)', fmt(sha), fmt(computed), ratio(computed, sha), '< 3 s'],
  ]);
  rmSync(stateDir, { recursive: true, force: true });
}

// From the last ball to the bundle verified on the stick, 3.5 million entries: each step of the
// real path and its share (tests/bench/last-ball.ts); the writing and the read-back beside cp +
// sync and OpenSSL's SHA-256 of the same files on the same stick.
{
  const scale = SCALES[0]!;
  const f = await lastBallToSealed(generate(scale).dir, BALLS, benchDir);
  const total = f.steps.reduce((n, [, ms]) => n + ms, 0);
  const share = (ms: number) => `${((100 * ms) / total).toFixed(1)} %`;
  const files = f.steps.find(([step]) => step.startsWith("the bundle's files"))![1];
  table(`last ball to the bundle verified on the stick, ${scale.name} (${f.files} files, ${(f.bytes / 2 ** 20).toFixed(0)} MiB; stick: ${f.stick}; best of 3)`, ['step', 'time', 'share', 'target'], [
    ...f.steps.map(([step, ms]) => [step, fmt(ms), share(ms), '—']),
    ['**total**', fmt(total), '100 %', '≤ 30 s'],
  ]);
  table("the bundle's files: each piece again alone, and all of them again (best of 3), beside the step in the run above", ['piece', 'time'], [
    ...f.pieces.map(([piece, ms]) => [piece, fmt(ms)]),
    ["the bundle's files in the run above", fmt(files)],
  ]);
  table('writing and reading back the bundle (baseline: cp -r + sync, and openssl dgst -sha256, of the same files on the same stick)', ['measure', 'baseline', 'kiosk', 'ratio'], [
    ['written, fsynced, renamed · cp -r + sync', fmt(f.copy.cp), fmt(f.copy.write), ratio(f.copy.write, f.copy.cp)],
    ['read back (O_DIRECT) and checked · openssl dgst -sha256 (through the cache)', fmt(f.copy.digest), fmt(f.copy.readBack), ratio(f.copy.readBack, f.copy.digest)],
  ]);
}

// Verifying a 3.5-million-entry evidence bundle with each of the offline verifiers a member of the
// public has: verify/verify.html in headless Chromium (the bundle's folder picked, then its .zip;
// from picking to the verdict shown) and `python3 verify/draw_verify.py BUNDLE`. Baseline: the
// project's own `draw verify BUNDLE` on the same bundle.
{
  const scale = SCALES[0]!;
  const { dir: pkgDir } = generate(scale);
  const bundle = join(benchDir, `${scale.name}-bundle`);
  const state = join(benchDir, `${scale.name}-bundle-state`);
  const zip = join(benchDir, `${scale.name}-bundle.zip`);
  for (const made of [bundle, state, zip]) rmSync(made, { recursive: true, force: true });
  timeCommand(process.execPath, [DRAW, 'ceremony', '--package', pkgDir, '--state', state, '--out', bundle, '--rehearsal', '--auto-confirm', '--balls-from', `simulate:${BALLS}`], 1);
  const names = readdirSync(bundle, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(bundle, join(e.parentPath, e.name)));
  writeZip(zip, names.map((name) => deflated(`${scale.name}-bundle/${name}`, readFileSync(join(bundle, name)))));

  const cli = timeCommand(process.execPath, [DRAW, 'verify', bundle], 3);
  const browser = await launchBrowser();
  const page = await browser.newPage();
  const verifyPage = pathToFileURL(join(root, 'dist/verify/verify.html')).href;
  const inBrowser = async (input: string, picked: string) => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      await page.goto(verifyPage);
      const t0 = performance.now();
      await page.setInputFiles(input, picked);
      const verdict = page.locator('#outcome .verdict');
      await verdict.waitFor({ timeout: 600_000 });
      best = Math.min(best, performance.now() - t0);
      if ((await verdict.getAttribute('class')) !== 'verdict ok') throw new Error(`verify.html did not verify ${picked}: ${await verdict.textContent()}`);
    }
    return best;
  };
  const folder = await inBrowser('#pick-folder', bundle);
  const zipped = await inBrowser('#pick-zip', zip);
  await browser.close();
  const python = timeCommand('python3', [join(root, 'verify/draw_verify.py'), bundle], 3);
  table('verifying an evidence bundle, 3.5 million entries (baseline: draw verify BUNDLE on the same bundle; best of 3)', ['verifier', 'draw verify', 'this verifier', 'ratio', 'target'], [
    ['verify.html, headless Chromium, folder picked', fmt(cli), fmt(folder), ratio(folder, cli), '≤ 3×'],
    ['verify.html, headless Chromium, .zip picked', fmt(cli), fmt(zipped), ratio(zipped, cli), '—'],
    ['python3 verify/draw_verify.py', fmt(cli), fmt(python), ratio(python, cli), '—'],
  ]);
  for (const made of [bundle, state, zip]) rmSync(made, { recursive: true, force: true });
}

// A ball from the machine: from the last byte of its BALL sentence written to the port to
// the event durably journaled and published to subscribers. Baseline: the same bytes' raw
// trip through the pty pair to a plain serialport 'data' listener.
{
  const pair = await new PtyPair(join(benchDir)).start();
  const ceremonies = 32;
  const pkgDir = join(benchDir, 'latency-pkg');
  rmSync(pkgDir, { recursive: true, force: true });
  writeLatencyPackage(pkgDir);
  const latencies: number[] = [];
  for (let c = 0; c < ceremonies; c++) {
    const stateDir = join(benchDir, `latency-state-${c}`);
    rmSync(stateDir, { recursive: true, force: true });
    const service = unwrap(CeremonyService.create(stateDir, { period: 'bench', kind: 'quota-allocation', rehearsal: true }));
    unwrap(await service.importPackage(pkgDir));
    unwrap(service.confirmSealDigest('rehearsal-auto'));
    const machine = new SerialBallMachine({ ...DEFAULT_SERIAL, path: pair.app });
    const intake = new BallIntake(service, machine);
    await machine.start();
    let published: (() => void) | undefined;
    const unsubscribe = service.subscribe(() => published?.());
    for (let n = 1; n <= 32; n++) {
      const seen = new Promise<void>((resolve) => (published = resolve));
      pair.write(formatSentence('BALL', n, n % 10));
      const t0 = performance.now();
      await seen;
      latencies.push(performance.now() - t0);
    }
    unsubscribe();
    intake.dispose();
    await machine.stop();
    service.dispose();
    rmSync(stateDir, { recursive: true, force: true });
  }
  const raw: number[] = [];
  const port = new SerialPort({ path: pair.app, baudRate: 9600 });
  await new Promise((resolve) => port.once('open', resolve));
  for (let i = 0; i < latencies.length; i++) {
    const seen = new Promise((resolve) => port.once('data', resolve));
    pair.write(formatSentence('BALL', 1, 1));
    const t0 = performance.now();
    await seen;
    raw.push(performance.now() - t0);
  }
  await new Promise((resolve) => port.close(resolve));
  await pair.stop();
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
  table(`a ball from the serial port to journaled and published, ${latencies.length} balls (baseline: raw pty trip to a serialport listener)`,
    ['measure', 'raw pty', 'ball journaled + published', 'ratio', 'target'], [
      ['p50', fmt(pct(raw, 0.5)), fmt(pct(latencies, 0.5)), ratio(pct(latencies, 0.5), pct(raw, 0.5)), '—'],
      ['p99', fmt(pct(raw, 0.99)), fmt(pct(latencies, 0.99)), ratio(pct(latencies, 0.99), pct(raw, 0.99)), '< 50 ms'],
    ]);
}

// The stage at 3840×2160 in headless Chromium (tests/bench/stage-frames.ts): frame times while
// balls arrive and while reveal pages turn, against the same stage standing still.
{
  const f = await stageFrames();
  const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
  const refresh = pct(f.still, 0.5);
  // A frame is dropped when its interval exceeds 1.5 refresh intervals of the still stage.
  const dropped = (xs: number[]) => `${xs.filter((d) => d > 1.5 * refresh).length} of ${xs.length}`;
  const row = (name: string, xs: number[]) => [name, fmt(pct(xs, 0.5)), fmt(pct(xs, 0.95)), ratio(pct(xs, 0.95), pct(f.still, 0.95)), fmt(Math.max(...xs)), dropped(xs)];
  table(`stage frame times at ${FRAME_SIZE.width}×${FRAME_SIZE.height}, headless Chromium (baseline: the stage standing still; dropped: > 1.5 × ${fmt(refresh)})`,
    ['window', 'p50', 'p95', 'p95 ratio', 'worst', 'dropped frames'], [
      row('standing still (seeding, no ball yet)', f.still),
      row(`balls arriving (${SAMPLE_BALLS.length}, one every 600 ms)`, f.balls),
      row('reveal pages turning (40, one every 250 ms)', f.pages),
      ['target', '—', '≤ 16.7 ms', '—', '—', '0'],
    ]);
}

// A phase change to OBS's program scene change, against a real OBS under Xvfb: from the cue
// to OBS reporting the new program scene (CurrentProgramSceneChanged). Baseline: a bare
// GetVersion round trip to the same OBS.
{
  const obs = realObs();
  await obs.start();
  const director = new ObsDirector({ url: obs.url, password: obs.password, scenes: DEFAULT_SCENES });
  director.start();
  while (director.status.connection !== 'connected') await new Promise((r) => setTimeout(r, 50));
  await director.prepare();
  const watcher = new OBSWebSocket();
  await watcher.connect(obs.url, obs.password);
  await watcher.call('SetCurrentSceneTransition', { transitionName: 'Cut' }); // the transition's own length is OBS's, not ours
  const changes: number[] = [];
  const trips: number[] = [];
  for (let i = 0; i < 100; i++) {
    const scene = i % 2 === 0 ? 'seed' : 'reveal';
    const seen = new Promise<void>((resolve) => watcher.once('CurrentProgramSceneChanged', () => resolve()));
    const t0 = performance.now();
    director.cue({ scene, title: 't', period: 'p', seed: String(i), record: false });
    await seen;
    changes.push(performance.now() - t0);
    const t1 = performance.now();
    await watcher.call('GetVersion');
    trips.push(performance.now() - t1);
  }
  await watcher.disconnect();
  await director.stop();
  await obs.kill();
  const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
  table('a phase change to the OBS program scene change, 100 changes (baseline: a GetVersion round trip)', ['measure', 'round trip', 'scene changed', 'ratio'], [
    ['p50', fmt(pct(trips, 0.5)), fmt(pct(changes, 0.5)), ratio(pct(changes, 0.5), pct(trips, 0.5))],
    ['p99', fmt(pct(trips, 0.99)), fmt(pct(changes, 0.99)), ratio(pct(changes, 0.99), pct(trips, 0.99))],
  ]);
}

table('draw run, end to end (baseline: sha256sum over the same package files; best of 3)', ['package', 'entries', 'size', 'sha256sum', 'draw run', 'ratio', 'target'], runRows);
table('allocation alone, 10,000 winners + 10,000 alternates (baseline: one pass summing the weights; median of 5)', ['package', 'ranks', 'one pass', 'allocation', 'ratio', 'target'], allocRows);
table('peak memory of draw run (baseline: the package size)', ['package', 'package size', 'peak RSS', 'ratio', 'target'], memRows);
