// One test per rule of spec draw-v1 §1: `draw run` on a package that breaks it exits 2
// with `FILE:LINE: rule: message` on stderr, and writes nothing.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { draw } from './support/cli.ts';
import { simpleEntries, tempDir, writePackage, type TestPool } from './support/packages.ts';

const good = (): TestPool[] => [{ id: 'P', name: '个人普通', entries: simpleEntries(5), quota: 2 }];
type Opts = Parameters<typeof writePackage>[1];

/** Runs a bad package and checks exit status, file, line and rule. */
function expectRejected(opts: Opts, file: string, line: number | undefined, rule: string, pools = good()) {
  const pkg = writePackage(pools, opts);
  const out = join(tempDir(), 'out');
  const r = draw('run', pkg, '--balls', '123456', '--out', out);
  expect(r.status, r.stderr).toBe(2);
  const where = line === undefined ? join(pkg, file) : `${join(pkg, file)}:${line}`;
  expect(r.stderr).toMatch(new RegExp(`^${escape(where)}: ${rule}: \\S`));
  expect(r.stderr).toMatch(/[\u4e00-\u9fff][^\n]* \/ [^\n]*[A-Za-z]{3}/); // Chinese, then English
  expect(existsSync(join(out, 'P.csv'))).toBe(false);
  return r.stderr;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const setPool = (key: string, value: unknown): Opts => ({ manifest: (m) => { m.pools[0]![key] = value; } });
const setCsv = (text: string): Opts => ({ files: (f) => { f['P.csv'] = text; } });

describe('manifest.json rules', () => {
  it('manifest-missing: a folder without it, a zip with it in a subfolder', () => {
    const pkg = writePackage(good());
    rmSync(join(pkg, 'manifest.json'));
    const r = draw('run', pkg, '--balls', '123456', '--out', tempDir());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${escape(join(pkg, 'manifest.json'))}: manifest-missing: `));
    const zip = join(tempDir(), 'nested.zip');
    writeFileSync(zip, zipSync({ 'pkg/manifest.json': new Uint8Array([123, 125]) }));
    const z = draw('run', zip, '--balls', '123456', '--out', tempDir());
    expect(z.status).toBe(2);
    expect(z.stderr).toMatch(new RegExp(`^${escape(zip)}/manifest.json: manifest-missing: `));
  });
  it('package-missing: no such folder or zip', () => {
    const path = join(tempDir(), 'absent');
    const r = draw('run', path, '--balls', '123456', '--out', tempDir());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${escape(path)}: package-missing: `));
  });
  it('manifest-utf8', () => expectRejected({ rawManifest: new Uint8Array([0x7b, 0xff, 0x7d]) }, 'manifest.json', undefined, 'manifest-utf8'));
  it('manifest-json names the line of the syntax error', () =>
    expectRejected({ rawManifest: '{\n  "format": "draw-package/1",\n  "period" "x"\n}' }, 'manifest.json', 3, 'manifest-json'));
  it('manifest-shape: not an object, a missing key, an unknown key', () => {
    expectRejected({ rawManifest: '[]' }, 'manifest.json', undefined, 'manifest-shape');
    expectRejected({ manifest: (m) => { delete m.title; } }, 'manifest.json', undefined, 'manifest-shape');
    const msg = expectRejected(setPool('alternate', 3), 'manifest.json', undefined, 'manifest-shape');
    expect(msg).toContain('"alternate"');
  });
  it('manifest-format', () => expectRejected({ manifest: (m) => { m.format = 'draw-package/2'; } }, 'manifest.json', undefined, 'manifest-format'));
  it('period', () => {
    for (const period of ['2026/11', '', 'x'.repeat(65), 202611]) {
      expectRejected({ manifest: (m) => { m.period = period; } }, 'manifest.json', undefined, 'period');
    }
  });
  it('title', () => expectRejected({ manifest: (m) => { m.title = 42; } }, 'manifest.json', undefined, 'title'));
  it('seed-balls in the manifest', () => {
    for (const balls of [0, 33, 1.5, '6']) {
      expectRejected({ manifest: (m) => { m.seed = { balls }; } }, 'manifest.json', undefined, 'seed-balls');
    }
  });
  it('manifest-pools: none, or more than 64', () => {
    expectRejected({ manifest: (m) => { m.pools = []; } }, 'manifest.json', undefined, 'manifest-pools');
    const many = Array.from({ length: 65 }, (_, i): TestPool => ({ id: `p${i}`, entries: simpleEntries(1), quota: 1 }));
    const pkg = writePackage(many);
    const r = draw('run', pkg, '--balls', '123456', '--out', tempDir());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/manifest\.json: manifest-pools: /);
  });
  it('pool-id', () => expectRejected(setPool('id', 'P 1'), 'manifest.json', undefined, 'pool-id'));
  it('pool-id-unique', () => {
    const pools = [...good(), { id: 'P', entries: simpleEntries(2, 'B'), quota: 1 }];
    const pkg = writePackage(pools, { manifest: (m) => { m.pools[1]!.file = 'P2.csv'; } });
    writeFileSync(join(pkg, 'P2.csv'), 'code,weight\n');
    const r = draw('run', pkg, '--balls', '123456', '--out', tempDir());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/manifest\.json: pool-id-unique: /);
  });
  it('pool-name', () => expectRejected(setPool('name', null), 'manifest.json', undefined, 'pool-name'));
  it('pool-file: a path is never read outside the package, and a name holds no control character', () => {
    for (const file of ['../P.csv', '/etc/passwd', 'sub\\P.csv', 'sub/P.csv', '..', 'manifest.json', '', 'P\n.csv', 'P\r.csv', 'P\u0000.csv', 'P\u007f.csv', '\u0085P.csv']) {
      expectRejected(setPool('file', file), 'manifest.json', undefined, 'pool-file');
    }
  });
  it('pool-sha256 format', () => expectRejected(setPool('sha256', 'AB'.repeat(32)), 'manifest.json', undefined, 'pool-sha256'));
  it('pool-entries', () => expectRejected(setPool('entries', -1), 'manifest.json', undefined, 'pool-entries'));
  it('pool-total-weight', () => expectRejected(setPool('totalWeight', 2 ** 53), 'manifest.json', undefined, 'pool-total-weight'));
  it('pool-quota', () => {
    for (const q of [-1, '2', 2.5]) expectRejected(setPool('quota', q), 'manifest.json', undefined, 'pool-quota');
  });
  it('pool-alternates', () => expectRejected(setPool('alternates', 1.5), 'manifest.json', undefined, 'pool-alternates'));
});

describe('pool file rules', () => {
  it('file-missing', () => expectRejected(setPool('file', 'other.csv'), 'other.csv', undefined, 'file-missing'));
  it('file-sha256: one changed byte', () => {
    const pkg = writePackage(good());
    writeFileSync(join(pkg, 'P.csv'), 'code,weight\nA00,1\nA01,1\nA02,1\nA03,1\nA04,2\n');
    const r = draw('run', pkg, '--balls', '123456', '--out', tempDir());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${escape(join(pkg, 'P.csv'))}: file-sha256: `));
  });
  it('csv-header', () => {
    for (const text of ['Code,weight\nA,1\n', 'code,weight,x\nA,1\n', 'code;weight\n', '', 'A,1\n']) {
      expectRejected(setCsv(text), 'P.csv', 1, 'csv-header');
    }
  });
  it('csv-empty-line', () => {
    expectRejected(setCsv('code,weight\nA,1\n\nB,1\n'), 'P.csv', 3, 'csv-empty-line');
    expectRejected(setCsv('code,weight\nA,1\n\n'), 'P.csv', 3, 'csv-empty-line');
    expectRejected(setCsv('code,weight\r\nA,1\r\n\r\n'), 'P.csv', 3, 'csv-empty-line');
  });
  it('csv-line-ending: a lone CR', () => expectRejected(setCsv('code,weight\nA,1\rB,1\n'), 'P.csv', 2, 'csv-line-ending'));
  it('csv-fields: missing weight, extra field', () => {
    expectRejected(setCsv('code,weight\nA,1\nB\n'), 'P.csv', 3, 'csv-fields');
    expectRejected(setCsv('code,weight\nA,1,2\n'), 'P.csv', 2, 'csv-fields');
  });
  it('code-syntax', () => {
    for (const bad of ['A 1', 'A.1', 'Ä', '"A"', 'A\t']) expectRejected(setCsv(`code,weight\n0,1\n${bad},1\n`), 'P.csv', 3, 'code-syntax');
  });
  it('code-length: empty or over 64', () => {
    expectRejected(setCsv('code,weight\n,1\n'), 'P.csv', 2, 'code-length');
    expectRejected(setCsv(`code,weight\n${'A'.repeat(65)},1\n`), 'P.csv', 2, 'code-length');
  });
  it('weight-syntax', () => {
    for (const w of ['01', '+1', '1.0', ' 1', '1 ', '', '1e3', '-1']) expectRejected(setCsv(`code,weight\nA,1\nB,${w}\n`), 'P.csv', 3, 'weight-syntax');
  });
  it('weight-range', () => {
    for (const w of ['0', '1000001', '99999999999999999999']) expectRejected(setCsv(`code,weight\nA,${w}\n`), 'P.csv', 2, 'weight-range');
  });
  it('code-order: byte order, not locale order', () => {
    expectRejected(setCsv('code,weight\nB,1\nA,1\n'), 'P.csv', 3, 'code-order');
    expectRejected(setCsv('code,weight\na,1\nB,1\n'), 'P.csv', 3, 'code-order'); // 'B' (0x42) < 'a' (0x61)
    expectRejected(setCsv('code,weight\nA1,1\nA,1\n'), 'P.csv', 3, 'code-order'); // a prefix sorts first
  });
  it('code-unique', () => expectRejected(setCsv('code,weight\nA,1\nB,1\nB,2\n'), 'P.csv', 4, 'code-unique'));
  it('entries-count: more or fewer than the manifest says', () => {
    expectRejected(setPool('entries', 4), 'P.csv', undefined, 'entries-count');
    expectRejected(setPool('entries', 6), 'P.csv', undefined, 'entries-count');
    expectRejected(setPool('entries', 1e15), 'P.csv', undefined, 'entries-count');
  });
  it('total-weight', () => expectRejected(setPool('totalWeight', 6), 'P.csv', undefined, 'total-weight'));
});

describe('zip packages', () => {
  it('zip-format: not a zip', () => {
    const zip = join(tempDir(), 'bad.zip');
    writeFileSync(zip, 'not a zip');
    const r = draw('run', zip, '--balls', '123456', '--out', tempDir());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${escape(zip)}: zip-format: `));
  });
});
