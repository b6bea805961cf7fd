// `draw verify BUNDLE` says what it checked: the facts, each check and the verdict (`verified`
// last), or as JSON. Tampering with any file of an evidence bundle makes it fail, naming it;
// with SHA256SUMS made to match the tampering, the deeper checks still name it. The bundle
// carries the spec and both offline verifiers.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { failureLine } from '../electron/contract/failures.ts';
import { unwrap } from '../electron/node/failure.ts';
import { verifierFiles } from '../electron/node/verifier-files.ts';
import { CeremonyService } from '../electron/service/ceremony-service.ts';
import { draw, drawOnTerminalWith, type CliResult } from './support/cli.ts';
import { canonical, dressAsRealDraw, forgeJournal, rechain, type ForgedRecord } from './support/forge.ts';
import { failureOf } from './support/outcomes.ts';
import { sha256hex, simpleEntries, tempDir, writePackage } from './support/packages.ts';
import { NAME_OPTIONS } from './support/ceremony-names.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

let original: string;

beforeAll(() => {
  const pkg = writePackage([{ id: 'P', name: '个人', entries: simpleEntries(30), quota: 4, alternates: 2 }], { balls: 6 });
  original = join(tempDir(), 'bundle');
  const r = draw('ceremony', '--package', pkg, '--state', join(tempDir(), 'state'), '--out', original, '--rehearsal', '--auto-confirm', '--balls-from', 'simulate:048213');
  if (r.status !== 0) throw new Error(r.stderr);
});

/** A copy of the bundle with `change` applied; `resum` rewrites SHA256SUMS to match (a file removed loses its line). */
function tampered(change: (dir: string) => void, resum = false): string {
  const dir = join(tempDir(), 'bundle');
  cpSync(original, dir, { recursive: true });
  change(dir);
  if (resum) {
    const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8').split('\n').filter(Boolean)
      .map((line) => line.slice(66)).filter((name) => existsSync(join(dir, name))).map((name) => `${sha256hex(readFileSync(join(dir, name)))}  ${name}\n`).join('');
    writeFileSync(join(dir, 'SHA256SUMS'), sums);
  }
  return dir;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const lastLine = (r: CliResult) => r.stdout.trimEnd().split('\n').at(-1);

/** The verdict, stdout's last line, names the file (and line) that fails. */
function expectFailure(dir: string, names: RegExp): void {
  const r = draw('verify', dir);
  expect(r.status).toBe(1);
  expect(lastLine(r)).toMatch(new RegExp(`^不一致 / failed: ${escapeRegExp(dir)}/${names.source}`));
}

/** Edits a file's bytes (latin1 keeps every byte, so GBK and UTF-8 files stay as they were outside the edit). */
const edit = (file: string, from: RegExp | string, to: string) => (dir: string) => {
  const path = join(dir, file);
  const text = readFileSync(path, 'latin1');
  const next = text.replace(from, to);
  expect(next).not.toBe(text);
  writeFileSync(path, next, 'latin1');
};

const sumsNames = (dir: string) => readFileSync(join(dir, 'SHA256SUMS'), 'utf8').split('\n').filter(Boolean).map((l) => l.slice(66));
const groupsOfFour = (hex: string) => hex.match(/.{4}/g)!.join(' ');
/** LP(x): x's UTF-8 bytes after their length as 4 bytes big-endian (spec draw-v1 §2). */
const lp = (s: string) => {
  const b = Buffer.from(s);
  const n = Buffer.alloc(4);
  n.writeUInt32BE(b.length);
  return Buffer.concat([n, b]);
};
/** `2026-11-23T12:05:03.120Z` → `2026-11-23 20:05:03`. */
const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
interface Rec { seq: number; time: string; type: string; data: Record<string, unknown>; hash: string }
const journalOf = (dir: string) => readFileSync(join(dir, 'journal.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Rec);

describe('draw verify BUNDLE', () => {
  it('passes on the bundle as written, and sha256sum -c agrees', () => {
    expect(lastLine(draw('verify', original))).toBe('verified');
    expect(spawnSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: original }).status).toBe(0);
    expect(spawnSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: tampered(edit('results/P.csv', '1,', '1,X')) }).status).toBe(1);
  });

  it('carries the spec and both offline verifiers as the product has them, and a README on the three ways to verify', () => {
    const listed = sumsNames(original);
    const shipped = [['spec/draw-v1.md', 'docs/spec/draw-v1.md'], ['spec/ball-machine-protocol.md', 'docs/spec/ball-machine-protocol.md'],
      ['spec/evidence-bundle.md', 'docs/spec/evidence-bundle.md'], ['verify/draw_verify.py', 'verify/draw_verify.py'], ['verify/verify.html', 'dist/verify/verify.html']];
    for (const [inBundle, inProject] of shipped) {
      expect(listed).toContain(inBundle);
      expect(readFileSync(join(original, inBundle!)).equals(readFileSync(join(root, inProject!)))).toBe(true);
    }
    const readme = readFileSync(join(original, 'README.txt'), 'utf8');
    for (const way of ['verify/verify.html', 'python3 verify/draw_verify.py .', 'draw verify .', "grep -v '^[0-9a-f]\\{64\\}  report\\.pdf$' SHA256SUMS | sha256sum"]) expect(readme).toContain(way);
    // Every file of the bundle is explained: by its own name, or its folder's.
    const entry = (name: string) => (name.startsWith('package/') ? 'package/' : /^results\/[^/]+\.csv$/.test(name) ? 'results/<'
      : name.startsWith('publication/gbk/') ? 'publication/gbk/<' : name);
    for (const name of [...listed, 'SHA256SUMS']) expect(readme, name).toContain(`\n  ${entry(name)}`);
  });

  it('a spec or verifier file missing from the product stops the bundle, naming it and how to get it', () => {
    const project = tempDir();
    for (const file of ['docs/spec/draw-v1.md', 'docs/spec/ball-machine-protocol.md', 'docs/spec/evidence-bundle.md', 'verify/draw_verify.py']) {
      mkdirSync(join(project, file, '..'), { recursive: true });
      cpSync(join(root, file), join(project, file));
    }
    expect(() => verifierFiles(project)).toThrow(/verify\/verify\.html.*dist\/verify\/verify\.html.*npm run build:verify/);
    rmSync(join(project, 'docs/spec/evidence-bundle.md'));
    expect(() => verifierFiles(project)).toThrow(/spec\/evidence-bundle\.md.*docs\/spec\/evidence-bundle\.md.*restore it from the repository/);
    mkdirSync(join(project, 'dist/verify'), { recursive: true });
    cpSync(join(root, 'dist/verify/verify.html'), join(project, 'dist/verify/verify.html'));
    cpSync(join(root, 'docs/spec/evidence-bundle.md'), join(project, 'docs/spec/evidence-bundle.md'));
    expect(verifierFiles(project).map((f) => f.name)).toEqual(['spec/draw-v1.md', 'spec/ball-machine-protocol.md', 'spec/evidence-bundle.md', 'verify/draw_verify.py', 'verify/verify.html']);
  });

  it('a product missing one begins no ceremony: the creation is refused, naming the file, before anything is journaled', () => {
    const project = tempDir();
    for (const file of ['docs/spec/draw-v1.md', 'docs/spec/ball-machine-protocol.md', 'docs/spec/evidence-bundle.md', 'dist/verify/verify.html']) {
      mkdirSync(join(project, file, '..'), { recursive: true });
      cpSync(join(root, file), join(project, file));
    }
    const state = join(tempDir(), 'state');
    const create = { period: 'test-1', kind: 'quota-allocation', rehearsal: true } as const;
    const refused = failureOf(CeremonyService.create(state, create, { productRoot: project }));
    expect(failureLine(refused)).toMatch(/verify\/draw_verify\.py.*restore it from the repository/);
    expect(existsSync(state)).toBe(false);
    cpSync(join(root, 'verify/draw_verify.py'), join(project, 'verify/draw_verify.py'));
    const created = unwrap(CeremonyService.create(state, create, { productRoot: project }));
    created.dispose();
  });

  it('a changed result byte', () => {
    expectFailure(tampered(edit('results/P.csv', '1,', '1,X')), /results\/P\.csv: .*SHA256SUMS/);
    expectFailure(tampered(edit('results/P.csv', /winner\n2,A\d\d/, 'winner\n2,A29'), true), /results\/P\.csv: .*recomputed/);
  });

  it('a changed journal line', () => {
    expectFailure(tampered(edit('journal.jsonl', '"digit":"4"', '"digit":"5"')), /journal\.jsonl: .*SHA256SUMS/);
    expectFailure(tampered(edit('journal.jsonl', '"digit":"4"', '"digit":"5"'), true), /journal\.jsonl:5: /);
    expectFailure(tampered((dir) => {
      const lines = readFileSync(join(dir, 'journal.jsonl'), 'utf8').split('\n');
      [lines[4], lines[5]] = [lines[5]!, lines[4]!];
      writeFileSync(join(dir, 'journal.jsonl'), lines.join('\n'));
    }, true), /journal\.jsonl:5: /);
    expectFailure(tampered((dir) => appendFileSync(join(dir, 'journal.jsonl'), '{"seq":'), true), /journal\.jsonl:12: /); // 11 records precede the bundle
  });

  it('a changed package byte', () => {
    expectFailure(tampered(edit('package/P.csv', 'A07,1', 'A07,2')), /package\/P\.csv: .*SHA256SUMS/);
    expectFailure(tampered(edit('package/P.csv', 'A07,1', 'A07,2'), true), /package\/P\.csv: file-sha256|package\/P\.csv: 文件的 SHA-256/);
    expectFailure(tampered(edit('package/manifest.json', '"quota":4', '"quota":5'), true), /package\/manifest\.json: .*seal digest/);
  });

  it('a changed, missing or extra line of SHA256SUMS, and files it does not list', () => {
    expectFailure(tampered((dir) => {
      const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8');
      writeFileSync(join(dir, 'SHA256SUMS'), (sums[0] === '0' ? '1' : '0') + sums.slice(1)); // the first line is README.txt's
    }), /README\.txt: .*SHA256SUMS/);
    expectFailure(tampered(edit('SHA256SUMS', /^.*README\.txt\n/m, '')), /README\.txt: .*not listed/);
    expectFailure(tampered((dir) => writeFileSync(join(dir, 'extra.txt'), 'x')), /extra\.txt: .*not listed/);
    expectFailure(tampered((dir) => rmSync(join(dir, 'results', 'results.json'))), /results\/results\.json: .*missing/);
    const noSums = draw('verify', tampered((dir) => rmSync(join(dir, 'SHA256SUMS'))));
    expect(noSums.status).toBe(2); // not a bundle, as spec evidence-bundle §9 says
    expect(noSums.stderr).toMatch(/^SHA256SUMS: not-a-bundle: .*this is not a bundle/);
    const lines = readFileSync(join(original, 'SHA256SUMS'), 'utf8').split('\n').filter(Boolean).length;
    expectFailure(tampered((dir) => appendFileSync(join(dir, 'SHA256SUMS'), `${'0'.repeat(64)}  ../../etc/passwd\n`)), new RegExp(`SHA256SUMS:${lines + 1}: `)); // after the files' lines
  });

  it('a changed line of a GBK CSV names the file and the line', () => {
    expectFailure(tampered(edit('publication/gbk/P.csv', /\r\n2,A\d\d,/, '\r\n2,A29,')), /publication\/gbk\/P\.csv: .*SHA256SUMS/);
    expectFailure(tampered(edit('publication/gbk/P.csv', /\r\n2,A\d\d,/, '\r\n2,A29,'), true), /publication\/gbk\/P\.csv:3: /);
    expectFailure(tampered(edit('publication/gbk/P.csv', /\r\n$/, '\n'), true), /publication\/gbk\/P\.csv:7: /); // the last line's CRLF
    expectFailure(tampered((dir) => appendFileSync(join(dir, 'publication/gbk/P.csv'), '7,A01,\xba\xf2\xb2\xb9\r\n', 'latin1'), true), /publication\/gbk\/P\.csv:8: /);
    expectFailure(tampered((dir) => rmSync(join(dir, 'publication/gbk/P.csv')), true), /publication\/gbk\/P\.csv: .*missing/);
  });

  it('a changed, removed or added row of the announcement names it', () => {
    const code = /<td class="code">A\d\d<\/td>/;
    expectFailure(tampered(edit('announcement.html', code, '<td class="code">A29</td>'), true), /announcement\.html:\d+: /);
    expectFailure(tampered(edit('announcement.html', /<tr data-pool="P" data-rank="3"[^]*?<\/tr>/, ''), true), /announcement\.html:\d+: /);
    expectFailure(tampered(edit('announcement.html', /<tr data-pool="P" data-rank="6"/, '<tr data-pool="P" data-rank="6" class="x"'), true), /announcement\.html:\d+: /);
    expectFailure(tampered(edit('announcement.html', /(<tr data-pool="P" data-rank="6"[^]*?<\/tr>)/, '$1<tr data-pool="P" data-rank="7" data-status="alternate"><td class="code">A01</td></tr>'), true),
      /announcement\.html:\d+: /);
  });

  it('a file every bundle holds, removed with its line in SHA256SUMS', () => {
    for (const name of ['spec/draw-v1.md', 'spec/ball-machine-protocol.md', 'spec/evidence-bundle.md', 'verify/draw_verify.py', 'verify/verify.html', 'README.txt', 'report.pdf', 'announcement.html']) {
      expectFailure(tampered((dir) => rmSync(join(dir, name))), new RegExp(`${escapeRegExp(name)}: .*missing`));
      expectFailure(tampered((dir) => rmSync(join(dir, name)), true), new RegExp(`${escapeRegExp(name)}: .*every bundle holds`));
    }
  });

  it('a journal forged to say other facts than the package and the results: title, master seed, counts', () => {
    const forged = (edit: (r: { type: string; data: Record<string, unknown> }) => void) => tampered((dir) => {
      const path = join(dir, 'journal.jsonl');
      writeFileSync(path, forgeJournal(readFileSync(path, 'utf8'), edit));
    }, true);
    expectFailure(forged((r) => {
      if (r.type === 'package-imported') r.data.title = '另一场摇号 Another draw';
    }), /package\/manifest\.json: .*journaled/);
    expectFailure(forged((r) => {
      if (r.type === 'results-computed') r.data.masterSeed = '5'.repeat(64);
    }), /journal\.jsonl:\d+: .*master seed/);
    expectFailure(forged((r) => {
      if (r.type === 'results-computed') (r.data.pools as { winners: number }[])[0]!.winners = 3;
    }), /journal\.jsonl:\d+: .*P/);
  });

  it('a file name with control characters reaches the terminal as visible text', () => {
    const name = 'x\x1b]0;pwned\x07\x1b[2J\u202e\u009b.txt';
    const dir = tampered((d) => writeFileSync(join(d, name), 'x'));
    const r = draw('verify', dir);
    expect(r.status).toBe(1);
    expect(r.stdout.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(lastLine(r)).toContain('x〈U+001B〉]0;pwned〈U+0007〉〈U+001B〉[2J〈U+202E〉〈U+009B〉.txt: ');
    // --json: ASCII only, the same value.
    const json = draw('verify', '--json', dir);
    expect(json.stdout).toMatch(/^[\n\x20-\x7e]*$/);
    expect(JSON.parse(json.stdout).checks.at(-1).file).toBe(name);
  });

  it('a package given where a bundle is expected is a usage error', () => {
    const r = draw('verify', join(original, 'package'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^draw verify: usage: .*is a package, not a bundle/);
  });

  it('a bundle folder that does not exist is an input error', () => {
    const r = draw('verify', join(tempDir(), 'absent'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bundle-missing: /);
  });

  it('a file beside the layout, listed in SHA256SUMS, is refused: it never rides along with the genuine evidence digest', () => {
    const added = tampered((dir) => {
      writeFileSync(join(dir, 'winners 中签名单  report.pdf'), 'x');
      appendFileSync(join(dir, 'SHA256SUMS'), `${sha256hex('x')}  winners 中签名单  report.pdf\n`);
    });
    expectFailure(added, /winners 中签名单 {2}report\.pdf: .*not part of an evidence bundle/);
  });

  it('a rehearsal dressed up as a real draw: its simulated balls are refused, whatever else the forger fixed', () => {
    const forged = tampered((dir) => {
      dressAsRealDraw(dir);
    }, true);
    expectFailure(forged, /journal\.jsonl:4: .*a real draw takes balls only from the ball machine or the manual dual entry, never from the simulator/);
  });
});

describe('draw verify BUNDLE says what it checked', () => {
  const CHECKS = ['sums', 'journal-chain', 'journal-facts', 'package', 'seed', 'results:P', 'results-summary', 'gbk:P', 'announcement'];

  /** The facts as anyone derives them from the bundle's files, without this project's code. */
  function expectedFacts(dir: string) {
    const sealDigest = sha256hex(readFileSync(join(dir, 'package', 'manifest.json')));
    const masterSeed = createHash('sha256').update(Buffer.concat([lp('draw/v1/master'), lp(sealDigest), lp('048213')])).digest('hex');
    const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8').split('\n').filter((l) => l && !l.endsWith('  report.pdf')).map((l) => `${l}\n`).join('');
    const evidenceDigest = createHash('sha256').update(sums).digest('hex');
    const confirmations = journalOf(dir).filter((r) => typeof r.data.by === 'string');
    return { sealDigest, masterSeed, evidenceDigest, confirmations };
  }

  it('prints the facts, each check with ✓, and verified last', () => {
    const r = draw('verify', original);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout;
    const f = expectedFacts(original);
    expect(out).toContain('测试 Test');
    expect(out).toMatch(/test-1/);
    expect(out).toMatch(/演练 REHEARSAL/);
    expect(out).not.toMatch(/正式摇号 real draw/);
    expect(out).toContain(groupsOfFour(f.sealDigest));
    expect(out).toContain('048213');
    expect(out).toContain(groupsOfFour(f.masterSeed));
    expect(out).toContain(groupsOfFour(f.evidenceDigest));
    // The evidence digest is the one the signed report prints, in the same groups of four.
    const report = spawnSync('pdftotext', ['-layout', join(original, 'report.pdf'), '-'], { encoding: 'utf8' }).stdout;
    expect(report).toContain(groupsOfFour(f.evidenceDigest));
    expect(f.confirmations.map((c) => c.type)).toEqual(['seal-digest-confirmed', 'seed-confirmed']);
    for (const c of f.confirmations) expect(out).toContain(`${beijing(c.time)} (北京时间 UTC+8)`);
    const lines = out.trimEnd().split('\n');
    expect(lines.filter((l) => /^\s*✓ /.test(l))).toHaveLength(CHECKS.length);
    expect(out).not.toContain('✗');
    expect(lines.at(-1)).toBe('verified');
  });

  it('--json prints the report as one object, keys in a stable order', () => {
    const r = draw('verify', '--json', original);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['ok', 'checks', 'facts']);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c: { id: string }) => c.id)).toEqual(CHECKS);
    for (const c of report.checks) {
      expect(Object.keys(c)).toEqual(['id', 'ok', 'zh', 'en']);
      expect(c.ok).toBe(true);
    }
    const f = expectedFacts(original);
    expect(Object.keys(report.facts)).toEqual(['title', 'period', 'rehearsal', 'ceremonyId', 'sealDigest', 'seed', 'masterSeed', 'evidenceDigest', 'balls', 'voided', 'confirmations', 'pools']);
    const journal = journalOf(original);
    expect(report.facts).toEqual({
      title: '测试 Test', period: 'test-1', rehearsal: true, ceremonyId: journal[0]!.data.ceremonyId,
      sealDigest: f.sealDigest, seed: '048213', masterSeed: f.masterSeed, evidenceDigest: f.evidenceDigest,
      balls: [...'048213'].map((digit, i) => ({ n: i + 1, digit, source: 'simulator' })),
      voided: [],
      confirmations: f.confirmations.map((c) => ({ type: c.type, time: c.time, by: 'rehearsal-auto', journalHead: c.hash })),
      pools: [{ id: 'P', name: '个人', winners: 4, alternates: 2, sha256: sha256hex(readFileSync(join(original, 'results', 'P.csv'))) }],
    });

    const failed = draw('verify', '--json', tampered(edit('publication/gbk/P.csv', /\r\n2,A\d\d,/, '\r\n2,A29,'), true));
    expect(failed.status).toBe(1);
    const bad = JSON.parse(failed.stdout);
    expect(bad.ok).toBe(false);
    expect(bad.checks.map((c: { id: string }) => c.id)).toEqual(CHECKS.slice(0, CHECKS.indexOf('gbk:P') + 1));
    expect(bad.checks.at(-1)).toMatchObject({ id: 'gbk:P', ok: false, file: 'publication/gbk/P.csv:3' });
    expect(bad.facts.sealDigest).toBe(f.sealDigest);
  });

  it('a voided ball: the facts give the balls that make the seed, the voided one, and its confirmation', () => {
    const dir = tampered((d) => {
      const path = join(d, 'journal.jsonl');
      const records = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as ForgedRecord);
      const third = records.findIndex((r) => r.type === 'ball-drawn' && r.data.n === 3);
      const drawn = records[third]!;
      records.splice(third, 0, { ...drawn, data: { ...drawn.data, digit: '9' } },
        { ...drawn, type: 'ball-voided', data: { n: 3, digit: '9', reason: '两球同出 two balls at once', by: 'rehearsal-auto' } });
      records.forEach((r, i) => (r.seq = i + 1));
      writeFileSync(path, rechain(records).map((r) => `${canonical(r)}\n`).join(''));
    }, true);
    const r = draw('verify', '--json', dir);
    expect(r.status, r.stdout).toBe(0);
    const { facts } = JSON.parse(r.stdout);
    expect(facts.balls).toEqual([...'048213'].map((digit, i) => ({ n: i + 1, digit, source: 'simulator' })));
    expect(facts.voided).toEqual([{ n: 3, digit: '9', reason: '两球同出 two balls at once' }]);
    expect(facts.confirmations.map((c: { type: string }) => c.type)).toEqual(['seal-digest-confirmed', 'ball-voided', 'seed-confirmed']);
    const text = draw('verify', dir).stdout;
    expect(text).toMatch(/作废的球 Voided ball: 第 3 个 ball 3: 9 · 两球同出 two balls at once/);
    expect(text).toMatch(/\(北京时间 UTC\+8\) · 作废球 ball voided · 演练自动 rehearsal-auto/);
  });

  it('a failure shows the checks passed, the one that failed with ✗, and the failure last', () => {
    const dir = tampered(edit('results/P.csv', /winner\n2,A\d\d/, 'winner\n2,A29'), true);
    const r = draw('verify', dir);
    expect(r.status).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => /^\s*✓ /.test(l))).toHaveLength(CHECKS.indexOf('results:P'));
    expect(lines.filter((l) => /^\s*✗ /.test(l))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(new RegExp(`^不一致 / failed: ${escapeRegExp(dir)}/results/P\\.csv: .*recomputed`));
  });

  it('a .zip of the bundle, at its root or under one folder, verifies like the folder; tampered, it fails naming the file', () => {
    const zip = (dir: string, top: string) => {
      const path = join(tempDir(), 'bundle.zip');
      const py = spawnSync('python3', ['-c', `import zipfile,os,sys
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
    for base, dirs, files in os.walk(sys.argv[1]):
        for n in sorted(files):
            p = os.path.join(base, n)
            z.write(p, os.path.join(sys.argv[3], os.path.relpath(p, sys.argv[1])))`, dir, path, top]);
      expect(py.status, String(py.stderr)).toBe(0);
      return path;
    };
    for (const top of ['', 'bundle-2026-11']) {
      const r = draw('verify', zip(original, top));
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(lastLine(r)).toBe('verified');
    }
    const forged = zip(tampered(edit('announcement.html', /<td class="code">A\d\d<\/td>/, '<td class="code">A29</td>'), true), 'b');
    const r = draw('verify', forged);
    expect(r.status).toBe(1);
    expect(lastLine(r)).toMatch(new RegExp(`^不一致 / failed: ${escapeRegExp(forged)}/announcement\\.html:\\d+: `));
    const pkgZip = join(tempDir(), 'pkg.zip');
    expect(spawnSync('python3', ['-c', `import zipfile,sys
with zipfile.ZipFile(sys.argv[1], 'w') as z: z.write(sys.argv[2], 'manifest.json')`, pkgZip, join(original, 'package', 'manifest.json')]).status).toBe(0);
    const pkg = draw('verify', pkgZip);
    expect(pkg.status).toBe(2);
    expect(pkg.stderr).toMatch(/is a package, not a bundle/);
  });

  it('a real draw is said to be one, with the notary\'s confirmations', () => {
    const pkg = writePackage([{ id: 'P', name: '个人', entries: simpleEntries(30), quota: 4, alternates: 2 }], { balls: 6 });
    const dir = tempDir();
    const balls = join(dir, 'balls.txt');
    writeFileSync(balls, '0\n4\n8\n2\n1\n3\n');
    const run = drawOnTerminalWith({ stdinFile: balls }, ['246810', '246810', '246810', '246810'],
      'ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', join(dir, 'bundle'), ...NAME_OPTIONS, '--balls-from', 'stdin');
    expect(run.status, run.output).toBe(0);
    const r = draw('verify', join(dir, 'bundle'));
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/正式摇号 real draw/);
    expect(r.stdout).not.toMatch(/REHEARSAL/);
    const confirmations = journalOf(join(dir, 'bundle')).filter((c) => c.data.by === 'notary');
    expect(confirmations).toHaveLength(2);
    for (const c of confirmations) expect(r.stdout).toMatch(new RegExp(`${beijing(c.time)} \\(北京时间 UTC\\+8\\).*公证员 notary`));
  });
});
