// The `draw` command line end to end: seal → run → verify, zip packages, CRLF/BOM twins,
// verification failures, and every usage error with its exit status and message.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeAt } from '../draw-core/pool-file.ts';
import { openPackage } from '../electron/node/package-files.ts';
import { draw } from './support/cli.ts';
import { sha256hex, simpleEntries, tempDir, writePackage } from './support/packages.ts';

const codesFile = (text: string) => {
  const path = join(tempDir(), 'codes.txt');
  writeFileSync(path, text);
  return path;
};

/** Seals two pools from unsorted code lists; returns the package folder and stdout. */
function sealSample() {
  const personal = codesFile('4600000000009\n4600000000001\n4600000000005\n4600000000003\n4600000000007\n4600000000002\n');
  const company = codesFile('code,weight\r\nzz-9,13\r\nAB_1,2\r\nab-1,1\r\n0001,7\r\n');
  const out = join(tempDir(), 'sealed');
  const r = draw('seal', '--out', out, '--period', '2026-11', '--title', '海南省2026年11月小客车增量指标配置', '--balls', '6',
    '--pool', `id=personal,name=个人普通小客车,quota=2,alternates=2,codes=${personal}`,
    '--pool', `id=company,name=单位普通, 含逗号,quota=1,codes=${company}`);
  return { out, r };
}

describe('draw seal', () => {
  it('sorts by byte value, writes a spec package and prints the seal digest in groups of four', () => {
    const { out, r } = sealSample();
    expect(r.status, r.stderr).toBe(0);
    const manifestBytes = readFileSync(join(out, 'manifest.json'));
    const digest = sha256hex(manifestBytes);
    expect(r.stdout).toContain(digest.match(/.{4}/g)!.join(' '));
    expect(readdirSync(out).sort()).toEqual(['company.csv', 'manifest.json', 'personal.csv']);
    expect(readFileSync(join(out, 'company.csv'), 'utf8')).toBe('code,weight\n0001,7\nAB_1,2\nab-1,1\nzz-9,13\n');
    const manifest = JSON.parse(manifestBytes.toString('utf8'));
    expect(Object.keys(manifest)).toEqual(['format', 'period', 'title', 'seed', 'pools']);
    expect(manifest.pools[1]).toEqual({
      id: 'company', name: '单位普通, 含逗号', file: 'company.csv',
      sha256: sha256hex(readFileSync(join(out, 'company.csv'))), entries: 4, totalWeight: 23, quota: 1, alternates: 0,
    });
    expect(manifest.pools[0].entries).toBe(6);
  });

  it('a duplicate code names both lines', () => {
    const codes = codesFile('B\nA\nC\nD\nA\n');
    const r = draw('seal', '--out', join(tempDir(), 'x'), '--period', 'p', '--title', 't', '--balls', '3', '--pool', `id=P,name=P,quota=1,codes=${codes}`);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${codes}:5: code-unique: .*第 2 行与第 5 行.*lines 2 and 5`));
  });

  it('bad codes and bad settings are refused with file, line and rule', () => {
    const cases: [string[], RegExp][] = [
      [['--pool', `id=P,name=P,quota=1,codes=${codesFile('A\nB C\n')}`], /codes\.txt:2: code-syntax: /],
      [['--pool', `id=P,name=P,quota=1,codes=${codesFile('A,0\n')}`], /codes\.txt:1: weight-range: /],
      [['--pool', `id=P,name=P,quota=1,codes=${codesFile('A\n\nB\n')}`], /codes\.txt:2: csv-empty-line: /],
      [['--pool', 'id=P,name=P,quota=1,codes=/nonexistent/codes.txt'], /^\/nonexistent\/codes\.txt: codes-file: /],
      [['--pool', `id=P Q,name=P,quota=1,codes=${codesFile('A\n')}`], /^--pool #1: pool-id: /],
      [['--pool', `id=P,name=P,quota=-1,codes=${codesFile('A\n')}`], /^draw seal: usage: .*quota/],
      [['--pool', `id=P,name=P,codes=${codesFile('A\n')}`], /^draw seal: usage: .*missing quota=/],
      [['--pool', `id=P,name=P,quota=1,colour=red,codes=${codesFile('A\n')}`], /^draw seal: usage: .*colour=red/],
      [['--pool', `id=P,name=P,quota=1,codes=${codesFile('A\n')}`, '--pool', `id=P,name=Q,quota=1,codes=${codesFile('B\n')}`], /^--pool #2: pool-id-unique: /],
    ];
    for (const [pools, message] of cases) {
      const out = join(tempDir(), 'x');
      const r = draw('seal', '--out', out, '--period', 'p', '--title', 't', '--balls', '3', ...pools);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const badPeriod = draw('seal', '--out', join(tempDir(), 'x'), '--period', '2026/11', '--title', 't', '--balls', '3', '--pool', `id=P,name=P,quota=1,codes=${codesFile('A\n')}`);
    expect(badPeriod.stderr).toMatch(/^draw seal: period: /);
    const badBalls = draw('seal', '--out', join(tempDir(), 'x'), '--period', 'p', '--title', 't', '--balls', '40', '--pool', `id=P,name=P,quota=1,codes=${codesFile('A\n')}`);
    expect(badBalls.stderr).toMatch(/^draw seal: seed-balls: /);
  });

  it('never writes into a folder that is not empty', () => {
    const { out } = sealSample();
    const again = draw('seal', '--out', out, '--period', 'p', '--title', 't', '--balls', '3', '--pool', `id=P,name=P,quota=1,codes=${codesFile('A\n')}`);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/: no-overwrite: /);
    expect(readdirSync(out).sort()).toEqual(['company.csv', 'manifest.json', 'personal.csv']);
  });
});

describe('draw run and draw verify', () => {
  it('seal → run → verify round trip', () => {
    const { out: pkg } = sealSample();
    const results = join(tempDir(), 'results');
    const run = draw('run', pkg, '--balls', '048213', '--out', results);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(sha256hex(readFileSync(join(pkg, 'manifest.json'))));
    expect(readdirSync(results).sort()).toEqual(['company.csv', 'personal.csv', 'results.json']);
    const summary = JSON.parse(readFileSync(join(results, 'results.json'), 'utf8'));
    expect(summary.pools.map((p: { winners: number; alternatesDrawn: number }) => [p.winners, p.alternatesDrawn])).toEqual([[2, 2], [1, 0]]);
    const verify = draw('verify', pkg, '--balls', '048213', '--results', results);
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/(^|\n)verified\n$/);
  });

  it('run refuses to overwrite existing result files', () => {
    const { out: pkg } = sealSample();
    const results = join(tempDir(), 'results');
    expect(draw('run', pkg, '--balls', '048213', '--out', results).status).toBe(0);
    const before = readFileSync(join(results, 'personal.csv'));
    const again = draw('run', pkg, '--balls', '111111', '--out', results);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/personal\.csv: no-overwrite: /);
    expect(readFileSync(join(results, 'personal.csv')).equals(before)).toBe(true);
  });

  it('verify fails on a changed byte, a swapped pair of ranks, a missing file, other balls', () => {
    const { out: pkg } = sealSample();
    const results = join(tempDir(), 'results');
    expect(draw('run', pkg, '--balls', '048213', '--out', results).status).toBe(0);
    const file = join(results, 'personal.csv');
    const original = readFileSync(file, 'utf8');
    const lines = original.split('\n');

    writeFileSync(file, original.replace('1,', '1,X')); // one byte more in rank 1's code
    let r = draw('verify', pkg, '--balls', '048213', '--results', results);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/personal\.csv: .*rank 1:/);

    const code = (line: string) => line.split(',')[1];
    const swapped = [...lines];
    swapped[2] = lines[2]!.replace(code(lines[2]!)!, code(lines[3]!)!);
    swapped[3] = lines[3]!.replace(code(lines[3]!)!, code(lines[2]!)!);
    writeFileSync(file, swapped.join('\n'));
    r = draw('verify', pkg, '--balls', '048213', '--results', results);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/personal\.csv: .*rank 2:/);

    rmSync(file);
    r = draw('verify', pkg, '--balls', '048213', '--results', results);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/personal\.csv: .*file missing/);

    writeFileSync(file, original);
    expect(draw('verify', pkg, '--balls', '048213', '--results', results).status).toBe(0);

    // results.json, when in this tool's format, is checked too; a foreign or absent one is not.
    const summaryPath = join(results, 'results.json');
    const summary = readFileSync(summaryPath, 'utf8');
    writeFileSync(summaryPath, summary.replace('"balls": "048213"', '"balls": "048219"'));
    r = draw('verify', pkg, '--balls', '048213', '--results', results);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/results\.json: .*line 7:/);
    writeFileSync(summaryPath, '{"generator": "another implementation"}');
    r = draw('verify', pkg, '--balls', '048213', '--results', results);
    expect([r.status, r.stdout]).toEqual([0, 'verified\n']);
    expect(r.stderr).toMatch(/not in draw-results\/1 format, not checked/);
    rmSync(summaryPath);
    expect(draw('verify', pkg, '--balls', '048213', '--results', results).stdout).toMatch(/(^|\n)verified\n$/);
    r = draw('verify', pkg, '--balls', '048214', '--results', results);
    expect(r.status).toBe(1);
  });

  it('a .zip package (made by Python zipfile) draws exactly like its folder', () => {
    const { out: pkg } = sealSample();
    const zip = join(tempDir(), 'pkg.zip');
    const py = spawnSync('python3', ['-c', `import zipfile,os,sys
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
    for n in sorted(os.listdir(sys.argv[1])): z.write(os.path.join(sys.argv[1], n), n)`, pkg, zip]);
    expect(py.status, String(py.stderr)).toBe(0);
    const fromFolder = join(tempDir(), 'a');
    const fromZip = join(tempDir(), 'b');
    expect(draw('run', pkg, '--balls', '999999', '--out', fromFolder).status).toBe(0);
    expect(draw('run', zip, '--balls', '999999', '--out', fromZip).status).toBe(0);
    for (const name of ['personal.csv', 'company.csv', 'results.json']) {
      expect(readFileSync(join(fromZip, name)).equals(readFileSync(join(fromFolder, name)))).toBe(true);
    }
    expect(draw('verify', zip, '--balls', '999999', '--results', fromFolder).stdout).toMatch(/(^|\n)verified\n$/);
  });

  it('a zip with two entries of one name is refused', () => {
    const zip = join(tempDir(), 'dup.zip');
    const py = spawnSync('python3', ['-W', 'ignore', '-c', `import zipfile,sys
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('manifest.json', '{}'); z.writestr('manifest.json', '[]')`, zip]);
    expect(py.status, String(py.stderr)).toBe(0);
    const r = draw('run', zip, '--balls', '1', '--out', tempDir());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/dup\.zip\/manifest\.json: zip-duplicate: /);
  });

  it('a CRLF file with a BOM is read as exactly the same entries as its LF twin', () => {
    const entries: [string, number][] = [['-a', 3], ['0Z', 1], ['A_', 13], ['a-', 2], ['z', 7]];
    const lf = writePackage([{ id: 'T', entries, quota: 2, alternates: 3 }]);
    const crlf = writePackage([{ id: 'T', entries, quota: 2, alternates: 3 }], { style: { crlf: true, bom: true, finalNewline: false } });
    const raw = readFileSync(join(crlf, 'T.csv'));
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(raw.toString('utf8').split('\r\n')).toHaveLength(entries.length + 1); // no final newline
    const read = (dir: string) => {
      const { entries } = openPackage(dir).pools[0]!;
      return Array.from({ length: entries.count }, (_, i) => [codeAt(entries, i), entries.weights[i]]);
    };
    expect(read(crlf)).toEqual(entries);
    expect(read(lf)).toEqual(entries);
    // Same entries, different bytes: the seal digests differ, and so do the draws.
    expect(sha256hex(readFileSync(join(crlf, 'manifest.json')))).not.toBe(sha256hex(readFileSync(join(lf, 'manifest.json'))));
  });
});

describe('usage errors: exit 2 with a message naming the command', () => {
  const pkg = () => writePackage([{ id: 'P', entries: simpleEntries(3), quota: 1 }]);
  const cases: [string, () => string[], RegExp][] = [
    ['no command', () => [], /^draw : usage: /],
    ['unknown command', () => ['draww'], /^draw draww: usage: .*unknown command/],
    ['unknown option', () => ['run', pkg(), '--balls', '123456', '--out', tempDir(), '--force'], /^draw run: usage: .*--force/],
    ['missing --balls', () => ['run', pkg(), '--out', tempDir()], /^draw run: usage: .*missing --balls/],
    ['missing --out', () => ['run', pkg(), '--balls', '123456'], /^draw run: usage: .*missing --out/],
    ['missing PACKAGE', () => ['run', '--balls', '123456', '--out', tempDir()], /^draw run: usage: .*PACKAGE/],
    ['two packages', () => ['verify', pkg(), pkg(), '--balls', '123456', '--results', tempDir()], /^draw verify: usage: .*PACKAGE/],
    ['missing --results', () => ['verify', pkg(), '--balls', '123456'], /^draw verify: usage: .*missing --results/],
    ['verify with no BUNDLE', () => ['verify', '--json'], /^draw verify: usage: .*expected BUNDLE/],
    ['verify two bundles', () => ['verify', tempDir(), tempDir()], /^draw verify: usage: .*expected BUNDLE/],
    ['--json for a package and results', () => ['verify', pkg(), '--balls', '123456', '--results', tempDir(), '--json'], /^draw verify: usage: .*--json/],
    ['a bundle that is neither a folder nor a zip', () => ['verify', join(pkg(), 'P.csv')], /P\.csv: zip-format: .*not a zip file/],
    ['balls of the wrong count', () => ['run', pkg(), '--balls', '12345', '--out', tempDir()], /^--balls: seed-balls: /],
    ['balls not digits', () => ['verify', pkg(), '--balls', '12345x', '--results', tempDir()], /^--balls: seed-balls: /],
    ['seal without --pool', () => ['seal', '--out', tempDir(), '--period', 'p', '--title', 't', '--balls', '3'], /^draw seal: usage: .*missing --pool/],
    ['seal --balls not a number', () => ['seal', '--out', tempDir(), '--period', 'p', '--title', 't', '--balls', 'six', '--pool', `id=P,name=P,quota=1,codes=${codesFile('A\n')}`], /^draw seal: usage: .*--balls/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const r = draw(...args());
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    });
  }

  it('help and --version exit 0', () => {
    expect(draw('help').stdout).toMatch(/draw seal --out DIR/);
    expect(draw('--version').stdout).toMatch(/^draw \d+\.\d+\.\d+ \(spec draw-v1\) code digest [0-9a-f]{64} node 2\d\.\d+\.\d+ electron none$/m);
  });
});
