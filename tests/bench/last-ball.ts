// From the last ball to the bundle verified on the stick, as the kiosk does it: the notary's
// confirmation of the seed, the results, the bundle's files (publication files, report,
// SHA256SUMS), written to a stick and read back from it, bundle-written journaled. Each step's
// time and share; the pieces of the bundle's files measured again alone; and the writing and
// the read-back beside cp + sync and `openssl dgst -sha256` on the same stick (the floors:
// OpenSSL's SHA-256 is Node's; coreutils' sha256sum here does not use the CPU's SHA extensions).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sha256sums } from '../../draw-core/bundle-check.ts';
import { unwrap } from '../../electron/node/failure.ts';
import { nativeSha256 } from '../../electron/node/package-files.ts';
import { announcementHtml, announcementPdf, BUILT_IN_ORGANIZATION, gbkCsv } from '../../electron/node/publication.ts';
import { renderReport } from '../../electron/node/report.ts';
import { CeremonyService } from '../../electron/service/ceremony-service.ts';

export interface LastBallFigures {
  /** Where the bundle went: a loop-mounted ext4 image (as root), else a folder on the local disk. */
  readonly stick: string;
  readonly bytes: number;
  readonly files: number;
  /** The steps in order, ms each. */
  readonly steps: readonly (readonly [step: string, ms: number])[];
  /** The bundle's files step, its pieces measured again alone, ms each. */
  readonly pieces: readonly (readonly [piece: string, ms: number])[];
  readonly copy: { readonly cp: number; readonly write: number; readonly digest: number; readonly readBack: number };
}

/** A stick for the bench: an ext4 image on a loop device when mount is allowed, or a plain folder. */
function benchStick(benchDir: string): { dir: string; kind: string; remove: () => void } {
  const image = join(benchDir, 'stick.img');
  const dir = join(benchDir, 'stick');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ok = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  if (ok('truncate', ['-s', '512M', image]) && ok('mkfs.ext4', ['-q', '-F', image]) && ok('mount', ['-o', 'loop', image, dir])) {
    const remove = () => {
      ok('umount', [dir]);
      rmSync(image, { force: true });
    };
    return { dir, kind: 'ext4 on a loop device (512 MiB image on the VM disk)', remove };
  }
  rmSync(image, { force: true });
  return { dir, kind: 'a folder on the VM disk (not root: no loop device)', remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const since = (t0: number) => performance.now() - t0;

/** Best of `runs`: the whole path each time on a new ceremony (the package imported again), the pieces alone. */
export async function lastBallToSealed(pkgDir: string, balls: string, benchDir: string, runs = 3): Promise<LastBallFigures> {
  const all: LastBallFigures[] = [];
  for (let i = 0; i < runs; i++) all.push(await oneRun(pkgDir, balls, benchDir));
  const total = (f: LastBallFigures) => f.steps.reduce((n, [, ms]) => n + ms, 0);
  const best = all.reduce((a, b) => (total(b) < total(a) ? b : a));
  return { ...best, pieces: best.pieces.map(([piece], j) => [piece, Math.min(...all.map((f) => f.pieces[j]![1]))] as const) };
}

async function oneRun(pkgDir: string, balls: string, benchDir: string): Promise<LastBallFigures> {
  const state = join(benchDir, 'last-ball-state');
  rmSync(state, { recursive: true, force: true });
  const stick = benchStick(benchDir);
  try {
    const s = unwrap(CeremonyService.create(state, { period: 'bench', kind: 'quota-allocation', rehearsal: true }));
    unwrap(await s.importPackage(pkgDir));
    unwrap(s.confirmSealDigest('rehearsal-auto'));
    for (let n = 1; n <= balls.length; n++) unwrap(s.recordBall(n, balls[n - 1]!, 'simulator', 'bench'));

    // The last ball is journaled: from here to bundle-written, as the console's commands run them.
    const steps: [string, number][] = [];
    let mark = performance.now();
    const lap = (step: string) => {
      steps.push([step, since(mark)]);
      mark = performance.now();
    };
    unwrap(s.confirmSeed('rehearsal-auto'));
    lap('seed confirmed');
    unwrap(s.computeResults());
    lap('results computed (the draw)');
    const target = join(stick.dir, 'bundle');
    let step: 'files' | 'writing' | 'reading-back' = 'files';
    let bytes = 0;
    let files = 0;
    unwrap(await s.writeBundle(target, (p) => {
      ({ bytes, files } = p);
      if (step === 'files' && p.step === 'writing') lap("the bundle's files: publication files, report, SHA256SUMS");
      if (step !== 'reading-back' && p.step === 'reading-back') lap('written to the stick (each file fsynced, folders fsynced, renamed)');
      step = p.step;
    }));
    lap('read back from the stick (O_DIRECT) and checked, bundle-written journaled');

    // The pieces of the bundle's files, each again alone on the same state.
    const result = s.result!;
    const pieces: [string, number][] = [];
    const time = async (piece: string, run: () => unknown) => {
      const t0 = performance.now();
      await run();
      pieces.push([piece, since(t0)]);
    };
    await time('announcement.html', () => announcementHtml(s.state, result, s.records, BUILT_IN_ORGANIZATION));
    await time('announcement.pdf', () => announcementPdf(s.state, result, s.records, BUILT_IN_ORGANIZATION));
    await time('publication/gbk/*.csv', () => result.pools.map((p) => gbkCsv(p.csv)));
    await time('report.pdf', () => renderReport(s.state, s.records, s.operations.entries, '0'.repeat(64), new Date().toISOString()));
    const bundleFiles = unwrap(await s.bundleFiles());
    await time('SHA256SUMS and the evidence digest (every file hashed, twice)', () => [sha256sums(bundleFiles, nativeSha256), sha256sums(bundleFiles, nativeSha256)]);
    await time("all the bundle's files again (bundleFiles)", () => s.bundleFiles());
    s.dispose();

    // The floors on the same stick: cp + sync of the same files, OpenSSL's SHA-256 over them.
    const copyDir = join(stick.dir, 'copy');
    let t0 = performance.now();
    if (spawnSync('cp', ['-r', target, copyDir]).status !== 0 || spawnSync('sync', ['-f', copyDir]).status !== 0) throw new Error('cp to the bench stick failed');
    const cp = since(t0);
    const names = readdirSync(target, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(target, join(e.parentPath, e.name)));
    t0 = performance.now();
    if (spawnSync('openssl', ['dgst', '-sha256', ...names], { cwd: target, stdio: 'ignore' }).status !== 0) throw new Error('openssl dgst on the bench stick failed');
    const digest = since(t0);
    const write = steps.find(([name]) => name.startsWith('written'))![1];
    const readBack = steps.at(-1)![1];
    return { stick: stick.kind, bytes, files, steps, pieces, copy: { cp, write, digest, readBack } };
  } finally {
    stick.remove();
    rmSync(state, { recursive: true, force: true });
  }
}
