// verify/draw_verify.py, the Python verifier every bundle carries, run as a stranger runs it:
// a real python3 process on bundles the kiosk wrote (a rehearsal, and a real draw with the
// notary's PIN typed on a real terminal), as a folder and as a zip, and on forged copies.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { draw, drawOnTerminalWith } from './support/cli.ts';
import { bundlePaths, forgedBundle, journalRewrite, type ForgedRecord } from './support/forge.ts';
import { sha256hex, simpleEntries, tempDir, writePackage } from './support/packages.ts';
import { deflated, writeZip } from './support/zips.ts';
import { NAME_OPTIONS } from './support/ceremony-names.ts';

const VERIFIER = fileURLToPath(new URL('../verify/draw_verify.py', import.meta.url));
const VECTORS = fileURLToPath(new URL('../docs/spec/vectors', import.meta.url));

function python(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('python3', [VERIFIER, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Check { id: string; ok: boolean; zh: string; en: string; file?: string; rule?: string; line?: number }
interface Report {
  ok: boolean;
  checks: Check[];
  facts: {
    title: string; period: string; rehearsal: boolean; ceremonyId: string; sealDigest: string; seed: string;
    masterSeed: string; evidenceDigest: string;
    balls: { n: number; digit: string; source: string }[];
    confirmations: { type: string; time: string; by: string; journalHead: string }[];
    pools: { id: string; winners: number; alternates: number; sha256: string }[];
  };
}

function report(target: string): Report {
  const r = python(target, '--json');
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Report;
}

function zipOf(dir: string, top = ''): string {
  const path = join(tempDir(), 'bundle.zip');
  writeZip(path, bundlePaths(dir).map((n) => deflated(top + n, readFileSync(join(dir, n)))));
  return path;
}

const groupsOfFour = (hex: string) => hex.replace(/(.{4})(?!$)/g, '$1 ');
const lineOf = (text: string, at: number) => text.slice(0, at).split('\n').length;
const beijing = (iso: string) => `${new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')} (北京时间 UTC+8)`;

const POOLS = [
  { id: 'P', name: '个人', entries: simpleEntries(30), quota: 4, alternates: 2 },
  { id: 'Q', name: '单位', entries: simpleEntries(9, 'C').map(([c], i): [string, number] => [c, 1 + (i % 13)]), quota: 2 },
];
let rehearsal: string;
let realDraw: string;

beforeAll(() => {
  const pkg = writePackage(POOLS, { balls: 6 });
  rehearsal = join(tempDir(), 'bundle');
  const r = draw('ceremony', '--package', pkg, '--state', join(tempDir(), 'state'), '--out', rehearsal, '--rehearsal', '--auto-confirm', '--balls-from', 'simulate:048213');
  if (r.status !== 0) throw new Error(r.stderr);
  // A real draw: the notary sets the PIN and confirms on a real terminal; balls by stdin.
  const dir = tempDir();
  writeFileSync(join(dir, 'balls.txt'), '3\n1\n4\n1\n5\n9\n');
  realDraw = join(dir, 'bundle');
  const real = drawOnTerminalWith({ stdinFile: join(dir, 'balls.txt') }, ['246810'], 'ceremony', '--package', writePackage(POOLS, { balls: 6 }), '--state', join(dir, 'state'), '--out', realDraw, ...NAME_OPTIONS, '--balls-from', 'stdin');
  if (real.status !== 0) throw new Error(real.output);
}, 120_000);

/** A copy of the rehearsal bundle (or another) with `change` applied; `sums` rewrites SHA256SUMS to match. */
const forged = (change: (dir: string) => void, sums = true, from = rehearsal) => forgedBundle(from, change, sums);

const edit = (file: string, from: string | RegExp, to: string) => (dir: string) => {
  const path = join(dir, file);
  const before = readFileSync(path, 'latin1'); // byte for byte, whatever the encoding
  const after = before.replace(from, to);
  expect(after).not.toBe(before);
  writeFileSync(path, after, 'latin1');
};

const journalEdit = (change: (r: ForgedRecord) => void) => journalRewrite((rs) => rs.forEach(change));

/** Rejected (exit 1): the failing check names `where` and `rule`, and --json says the same. */
function expectRejected(dir: string, where: string, rule: string, words?: RegExp): void {
  const r = python(dir);
  expect(r.status, r.stdout + r.stderr).toBe(1);
  const failure = r.stdout.split('\n✗ ')[1];
  expect(failure?.split('\n')[0]).toBe(`${where}: ${rule}`);
  if (words) expect(failure).toMatch(words);
  expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('failed');
  const last = report(dir).checks.at(-1)!;
  expect(last.ok).toBe(false);
  expect([last.line === undefined ? last.file : `${last.file}:${last.line}`, last.rule]).toEqual([where, rule]);
}

function journalLines(dir: string): ForgedRecord[] {
  return readFileSync(join(dir, 'journal.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as ForgedRecord);
}

describe('python3 verify/draw_verify.py BUNDLE', () => {
  it('verifies a rehearsal bundle: every check in order, the facts, "verified"', () => {
    const r = python(rehearsal);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('verified');
    const json = report(rehearsal);
    expect(json.ok).toBe(true);
    expect(json.checks.map((c) => [c.id, c.ok])).toEqual(
      ['sums', 'journal-chain', 'journal-facts', 'package', 'seed', 'results:P', 'results:Q', 'results-summary', 'gbk:P', 'gbk:Q', 'announcement'].map((id) => [id, true]));
    for (const c of json.checks) {
      expect(c.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(c.en).toMatch(/[a-z]{3}/);
      expect(r.stdout).toContain(`✓ ${c.zh}\n  ${c.en}\n`);
    }
    // The facts, each derived here from the bundle's own files.
    const sums = readFileSync(join(rehearsal, 'SHA256SUMS'), 'utf8');
    const evidence = sha256hex(sums.split('\n').filter((l) => l && !l.endsWith('  report.pdf')).map((l) => `${l}\n`).join(''));
    const records = journalLines(rehearsal);
    const confirmed = records.filter((x) => 'by' in x.data);
    expect(json.facts).toMatchObject({
      title: '测试 Test', period: 'test-1', rehearsal: true, ceremonyId: records[0]!.data.ceremonyId,
      sealDigest: sha256hex(readFileSync(join(rehearsal, 'package', 'manifest.json'))), seed: '048213',
      masterSeed: records.find((x) => x.type === 'results-computed')!.data.masterSeed, evidenceDigest: evidence,
      confirmations: confirmed.map((x) => ({ type: x.type, time: x.time, by: 'rehearsal-auto', journalHead: x.hash })),
    });
    expect(json.facts.balls.map((b) => b.digit).join('')).toBe('048213');
    expect(json.facts.pools.map((p) => [p.id, p.winners, p.alternates])).toEqual([['P', 4, 2], ['Q', 2, 0]]);
    expect(r.stdout).toContain('演练 REHEARSAL');
    expect(r.stdout).toContain('048213（来源 from: 模拟器 simulator ×6）');
    expect(r.stdout).not.toContain('正式摇号 REAL DRAW');
    expect(r.stdout).toContain(groupsOfFour(evidence));
    expect(r.stdout).toContain(groupsOfFour(json.facts.sealDigest));
    expect(r.stdout).toContain(`确认种子 seed confirmed: ${beijing(confirmed.at(-1)!.time)}`);
  });

  it('verifies the same bundle as a zip, its files at the root or under one top folder', () => {
    const folder = report(rehearsal);
    for (const zip of [zipOf(rehearsal), zipOf(rehearsal, 'bundle-2026-11/')]) {
      const r = python(zip);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(report(zip)).toEqual(folder);
    }
  });

  it('verifies a real draw: the notary\'s PIN, balls by hand entry, confirmed by the notary, marked a real draw', () => {
    const r = python(realDraw);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const json = report(realDraw);
    expect(json.facts.rehearsal).toBe(false);
    expect(json.facts.seed).toBe('314159');
    expect(json.facts.confirmations.map((c) => [c.type, c.by])).toEqual([['seal-digest-confirmed', 'notary'], ['seed-confirmed', 'notary']]);
    expect(r.stdout).toContain('正式摇号 REAL DRAW');
    expect(r.stdout).not.toContain('REHEARSAL');
    expect(r.stdout).toContain('公证员 notary（日志所载 as journaled）');
    expect(r.stdout).toContain('314159（来源 from: 人工录入 manual entry ×6）');
    expect(python(zipOf(realDraw, 'real/')).status).toBe(0);
  });
});

describe('hostile text from a bundle reaches the terminal as visible text', () => {
  it('a title and a pool name with bidi overrides, line breaks and escape sequences; a file named with them', () => {
    const pkg = writePackage([{ ...POOLS[0]!, name: 'x\u202eevil\u2028\u200b' }], {
      balls: 6, manifest: (m) => { m.title = 'Title\u202e\n\u001b[31mred'; },
    });
    const dir = join(tempDir(), 'bundle');
    const made = draw('ceremony', '--package', pkg, '--state', join(tempDir(), 'state'), '--out', dir, '--rehearsal', '--auto-confirm', '--balls-from', 'simulate:048213');
    expect(made.status, made.stderr).toBe(0);
    const r = python(dir);
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('Title<U+202E><U+000A><U+001B>[31mred');
    expect(r.stdout).toContain('x<U+202E>evil<U+2028><U+200B>');
    expect(report(dir).facts.title).toBe('Title\u202e\n\u001b[31mred');
    const named = python(forged((d) => writeFileSync(join(d, 'a\u001b[2J\u202eb'), 'x'), false, dir));
    expect(named.stdout).toContain('✗ a<U+001B>[2J<U+202E>b: file-unlisted');
    for (const out of [r.stdout, named.stdout]) for (const hidden of ['\u001b', '\u202e', '\u2028', '\u200b']) expect(out).not.toContain(hidden);
  });
});

describe('forged bundles are rejected, naming the file, line and rule', () => {
  it('a changed result: by SHA256SUMS, and with SHA256SUMS rewritten, by the draw recomputed', () => {
    const rank2 = /\n2,(A\d\d),winner\n/;
    expectRejected(forged(edit('results/P.csv', rank2, '\n2,ZZZ,winner\n'), false), 'results/P.csv', 'file-sha256', /SHA256SUMS/);
    const code = rank2.exec(readFileSync(join(rehearsal, 'results', 'P.csv'), 'utf8'))![1]!;
    expectRejected(forged(edit('results/P.csv', rank2, '\n2,ZZZ,winner\n')), 'results/P.csv:3', 'results-differ',
      new RegExp(`"2,${code},winner".*"2,ZZZ,winner"`));
    const summary = readFileSync(join(rehearsal, 'results', 'results.json'), 'utf8');
    expectRejected(forged(edit('results/results.json', '"winners": 4', '"winners": 5')), `results/results.json:${lineOf(summary, summary.indexOf('"winners": 4'))}`, 'results-json');
  });

  it('a changed ball, the chain and SHA256SUMS recomputed: the seed, the master seed, the results no longer match', () => {
    const records = journalLines(rehearsal);
    const line = (type: string) => records.findIndex((x) => x.type === type) + 1;
    const ball4 = (x: ForgedRecord) => { if (x.type === 'ball-drawn' && x.data.n === 4) x.data.digit = '7'; };
    const seed = (x: ForgedRecord) => { if (x.type === 'seed-confirmed') x.data.seed = '048713'; };
    expectRejected(forged(journalEdit(ball4)), `journal.jsonl:${line('seed-confirmed')}`, 'seed-mismatch', /048713/);
    expectRejected(forged(journalEdit((x) => { ball4(x); seed(x); })), `journal.jsonl:${line('results-computed')}`, 'master-seed');
    // The master seed of spec draw-v1 §2 for the forged balls, computed here.
    const lp = (s: string) => { const b = Buffer.from(s); const n = Buffer.alloc(4); n.writeUInt32BE(b.length); return Buffer.concat([n, b]); };
    const sealDigest = sha256hex(readFileSync(join(rehearsal, 'package', 'manifest.json')));
    const master = sha256hex(Buffer.concat([lp('draw/v1/master'), lp(sealDigest), lp('048713')]));
    const r = python(forged(journalEdit((x) => { ball4(x); seed(x); if (x.type === 'results-computed') x.data.masterSeed = master; })));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\n✗ results\/P\.csv:\d+: results-differ\n/);
  });

  it('a changed journal line without its chain, or two lines swapped', () => {
    expectRejected(forged(edit('journal.jsonl', '"digit":"4"', '"digit":"5"')), 'journal.jsonl:5', 'journal-hash');
    expectRejected(forged((dir) => {
      const lines = readFileSync(join(dir, 'journal.jsonl'), 'utf8').split('\n');
      [lines[4], lines[5]] = [lines[5]!, lines[4]!];
      writeFileSync(join(dir, 'journal.jsonl'), lines.join('\n'));
    }), 'journal.jsonl:5', 'journal-seq');
    expectRejected(forged(edit('journal.jsonl', '{"data":{"digit":"4"', '{ "data":{"digit":"4"')), 'journal.jsonl:5', 'journal-canonical');
  });

  it('a changed announcement row', () => {
    const html = readFileSync(join(rehearsal, 'announcement.html'), 'utf8');
    const row = /<tr data-pool="Q" data-rank="2" data-status="winner">.*?<td class="code">(C\d\d)<\/td>/s.exec(html)!;
    const changed = row[0].replace(`>${row[1]}<`, '>C99<');
    expectRejected(forged(edit('announcement.html', row[0], changed), false), 'announcement.html', 'file-sha256');
    expectRejected(forged(edit('announcement.html', row[0], changed)), `announcement.html:${lineOf(html, row.index)}`, 'announcement-row',
      new RegExp(`pool Q rank 2 winner ${row[1]}".*"pool Q rank 2 winner C99"`));
    // A row made plain: it still shows, so it is refused where it stands.
    const p2 = /<tr data-pool="P" data-rank="2" data-status="winner">/.exec(html)!;
    expectRejected(forged(edit('announcement.html', p2[0], '<tr>')), `announcement.html:${lineOf(html, p2.index)}`, 'announcement-row', /may only be a header row/);
    // The true code commented out, another shown: refused (the row is read whole, no comment anywhere).
    const q2 = /<td class="code">(C\d\d)<\/td>/.exec(html.slice(row.index))!;
    expectRejected(forged(edit('announcement.html', row[0], row[0].replace(q2[0], `<!--${q2[0]}--><td class="code">C99</td>`))),
      `announcement.html:${lineOf(html, row.index)}`, 'announcement-row', /no comment or template/);
    // A row spelt otherwise, which a browser shows all the same, is read too: it cannot hide.
    const last = html.lastIndexOf('</tr>') + '</tr>'.length;
    for (const spelt of ['<TR DATA-POOL="Q" data-rank="3" data-status="alternate"><td class="code">C99</td></tr>', '<tr\tclass="x" data-pool="Q"><td class="code">C99</td></tr>']) {
      expectRejected(forged((dir) => writeFileSync(join(dir, 'announcement.html'), html.slice(0, last) + spelt + html.slice(last))),
        `announcement.html:${lineOf(html, last)}`, 'announcement-row');
    }
  });

  it('a changed GBK CSV line', () => {
    const gbk = readFileSync(join(rehearsal, 'publication', 'gbk', 'P.csv'), 'latin1');
    const line3 = gbk.split('\r\n')[2]!;
    expect(line3).toMatch(/^2,A\d\d,/);
    expectRejected(forged(edit('publication/gbk/P.csv', `\r\n${line3}\r\n`, `\r\n${line3.replace(/^2,A\d\d/, '2,ZZZ')}\r\n`)), 'publication/gbk/P.csv:3', 'gbk-row');
    expectRejected(forged(edit('publication/gbk/P.csv', /\r\n$/, '\n')), 'publication/gbk/P.csv:7', 'gbk-row'); // 6 rows after the header
  });

  it('a removed file, with SHA256SUMS as it was or rewritten', () => {
    expectRejected(forged((dir) => rmSync(join(dir, 'results', 'results.json')), false), 'results/results.json', 'file-missing', /missing/);
    expectRejected(forged((dir) => rmSync(join(dir, 'spec', 'draw-v1.md'))), 'spec/draw-v1.md', 'file-missing');
    expectRejected(forged((dir) => rmSync(join(dir, 'publication', 'gbk', 'Q.csv'))), 'publication/gbk/Q.csv', 'file-missing');
    expectRejected(forged((dir) => writeFileSync(join(dir, 'extra.txt'), 'x'), false), 'extra.txt', 'file-unlisted');
    // A file beside the layout, listed: refused, and it never shares the genuine evidence digest.
    expectRejected(forged((dir) => writeFileSync(join(dir, 'winners 中签名单  report.pdf'), 'x')), 'winners 中签名单  report.pdf', 'file-extra');
    expect(python(forged((dir) => rmSync(join(dir, 'SHA256SUMS')), false))).toMatchObject({ status: 2, stderr: expect.stringMatching(/^SHA256SUMS: not-a-bundle: /) });
    const lines = readFileSync(join(rehearsal, 'SHA256SUMS'), 'utf8').split('\n').filter(Boolean).length;
    expectRejected(forged((dir) => writeFileSync(join(dir, 'SHA256SUMS'), `${readFileSync(join(dir, 'SHA256SUMS'), 'utf8')}${'0'.repeat(64)}  ../../etc/passwd\n`), false),
      `SHA256SUMS:${lines + 1}`, 'sums-path');
  });

  it('a rehearsal dressed up as a real draw: its simulated balls, or the software confirming for the notary', () => {
    const realDrawClaimed = (x: ForgedRecord) => {
      if (x.type === 'ceremony-created') {
        x.data.rehearsal = false;
        x.data.notary = { kdf: 'scrypt', N: 65536, r: 8, p: 1, salt: '5'.repeat(32) };
      }
    };
    expectRejected(forged(journalEdit((x) => { realDrawClaimed(x); if (x.data.by === 'rehearsal-auto') x.data.by = 'notary'; })),
      'journal.jsonl:4', 'simulated-ball', /never from the simulator/);
    expectRejected(forged(journalEdit(realDrawClaimed)), 'journal.jsonl:3', 'notary-required');
    expectRejected(forged(journalEdit((x) => { if (x.type === 'ceremony-created') x.data.rehearsal = false; })), 'journal.jsonl:1', 'pin-required');
  });

  it('a real draw\'s confirmation turned into the software\'s', () => {
    expectRejected(forged(journalEdit((x) => { if (x.type === 'seed-confirmed') x.data.by = 'rehearsal-auto'; }), true, realDraw),
      `journal.jsonl:${journalLines(realDraw).findIndex((x) => x.type === 'seed-confirmed') + 1}`, 'notary-required');
  });
});

const event = (type: string, data: Record<string, unknown>) => ({ seq: 0, time: '2026-11-23T13:00:00.000Z', type, data, prev: '', hash: '' });
const at = (rs: ForgedRecord[], type: string, n?: number) => rs.findIndex((r) => r.type === type && (n === undefined || r.data.n === n));
const auto = 'rehearsal-auto';

// The rehearsal's journal: 1 created, 2 imported, 3 digest confirmed, 4-9 balls 0 4 8 2 1 3, 10 seed, 11 results.
// Each forgery keeps the chain and SHA256SUMS whole, so only the rules of the journal's facts can
// tell: the verdict and the failing record expected from spec evidence-bundle 4.4-4.5, and the
// project's own \`draw verify\` must reach the same verdict at the same check.
const FOLDS: [string, (rs: ForgedRecord[]) => void, string | null][] = [
  ['ball 6 voided and drawn again by hand', (rs) => rs.splice(at(rs, 'ball-drawn', 6) + 1, 0,
    event('ball-voided', { n: 6, digit: '3', reason: '卡球 stuck', by: auto }), event('ball-drawn', { n: 6, digit: '3', source: 'manual', reading: 'host: 3, notary: 3' })), null],
  ['a void whose reason is only white space (as JavaScript trims it)', (rs) => rs.splice(at(rs, 'ball-drawn', 6) + 1, 0,
    event('ball-voided', { n: 6, digit: '3', reason: ' \u3000\ufeff', by: auto })), 'journal.jsonl:10 reason-required'],
  ['a void of another digit', (rs) => rs.splice(at(rs, 'ball-drawn', 6) + 1, 0, event('ball-voided', { n: 6, digit: '4', reason: 'x', by: auto })), 'journal.jsonl:10 void-digit'],
  ['a void of a ball not the last', (rs) => rs.splice(at(rs, 'ball-drawn', 6) + 1, 0, event('ball-voided', { n: 5, digit: '1', reason: 'x', by: auto })), 'journal.jsonl:10 void-not-last'],
  ['a conflict alarm: the ball voided, entered by hand as decided', (rs) => rs.splice(at(rs, 'ball-drawn', 6) + 1, 0,
    event('ball-alarm', { kind: 'conflict', n: 6, digit: '9', expected: 7, reading: '$B,06,9' }), event('ball-voided', { n: 6, digit: '3', reason: 'conflict', by: auto }),
    event('ball-alarm-resolved', { decision: 'manual', by: auto }), event('ball-drawn', { n: 6, digit: '3', source: 'manual', reading: 'host: 3, notary: 3' })), null],
  ['a conflict resolved before its ball is voided', (rs) => rs.splice(at(rs, 'ball-drawn', 6) + 1, 0,
    event('ball-alarm', { kind: 'conflict', n: 6, digit: '9', expected: 7, reading: 'r' }), event('ball-alarm-resolved', { decision: 'manual', by: auto })), 'journal.jsonl:11 void-first'],
  ['decided by hand, then a ball from elsewhere', (rs) => rs.splice(at(rs, 'ball-drawn', 6), 0,
    event('ball-alarm', { kind: 'skip', n: 7, digit: '9', expected: 6, reading: 'r' }), event('ball-alarm-resolved', { decision: 'manual', by: auto })), 'journal.jsonl:11 manual-expected'],
  ['an alarm still open at the seed', (rs) => rs.splice(at(rs, 'seed-confirmed'), 0, event('ball-alarm', { kind: 'conflict', n: 6, digit: '9', expected: 7, reading: 'r' })), 'journal.jsonl:11 alarm-open'],
  ['an alarm before the seal digest is confirmed', (rs) => rs.splice(2, 0, event('ball-alarm', { kind: 'skip', n: 2, digit: '9', expected: 1, reading: 'r' })), 'journal.jsonl:3 not-drawing'],
  ['a ball that is not a digit', (rs) => { rs[at(rs, 'ball-drawn', 2)]!.data.digit = 'x'; }, 'journal.jsonl:5 ball-digit'],
  ['a seventh ball of six', (rs) => rs.splice(at(rs, 'ball-drawn', 6) + 1, 0, event('ball-drawn', { n: 7, digit: '3', source: 'simulator', reading: 'r' })), 'journal.jsonl:10 ball-extra'],
  ['a ball index skipped', (rs) => { rs[at(rs, 'ball-drawn', 3)]!.data.n = 4; }, 'journal.jsonl:6 ball-skip'],
  ['a reading of 401 characters', (rs) => { rs[at(rs, 'ball-drawn', 3)]!.data.reading = 'x'.repeat(401); }, 'journal.jsonl:6 event-data'],
  ['a reading of 400 UTF-16 units (200 emoji)', (rs) => { rs[at(rs, 'ball-drawn', 3)]!.data.reading = '😀'.repeat(200); }, null],
  ['an unknown event type', (rs) => rs.splice(3, 0, event('coin-tossed', {})), 'journal.jsonl:4 event-type'],
  ['the names entered at creation, 200 UTF-16 units each', (rs) => { Object.assign(rs[0]!.data, { venue: '场'.repeat(200), hostName: '😀'.repeat(100), notaryName: 'n' }); }, null],
  ['a venue of 201 characters', (rs) => { rs[0]!.data.venue = 'x'.repeat(201); }, 'journal.jsonl:1 event-data'],
  ['a notary\'s name that is not text', (rs) => { rs[0]!.data.notaryName = 7; }, 'journal.jsonl:1 event-data'],
  ['a scheduled start on a leap day, in UTC', (rs) => { rs[0]!.data.scheduledStart = '2028-02-29T02:00:00Z'; }, null],
  ['a scheduled start on a day the calendar has not', (rs) => { rs[0]!.data.scheduledStart = '2026-02-29T10:00+08:00'; }, 'journal.jsonl:1 event-data'],
  ['a scheduled start without its offset', (rs) => { rs[0]!.data.scheduledStart = '2026-11-26T10:00'; }, 'journal.jsonl:1 event-data'],
  ['a package of another period', (rs) => { rs[0]!.data.period = 'other'; }, 'journal.jsonl:2 period-mismatch'],
  ['another seal digest confirmed', (rs) => { rs[2]!.data.sealDigest = '0'.repeat(64); }, 'journal.jsonl:3 digest-mismatch'],
  ['balls before the seal digest is confirmed', (rs) => rs.splice(2, 1), 'journal.jsonl:3 digest-unconfirmed'],
  ['the package imported again and confirmed again before any ball', (rs) => rs.splice(3, 0, structuredClone(rs[1]!), structuredClone(rs[2]!)), null],
  ['the package imported again after the confirmation, not confirmed again', (rs) => rs.splice(3, 0, structuredClone(rs[1]!)), 'journal.jsonl:5 digest-unconfirmed'],
  ['the package imported again after a ball', (rs) => rs.splice(4, 0, structuredClone(rs[1]!)), 'journal.jsonl:5 balls-started'],
  ['a seed confirmed with five balls of six', (rs) => { rs.splice(at(rs, 'ball-drawn', 6), 1); rs[at(rs, 'seed-confirmed')]!.data.seed = '04821'; }, 'journal.jsonl:9 seed-incomplete'],
  ['the reveal moving on', (rs) => rs.push(event('reveal-progressed', { pool: 1, page: 99 })), null],
  ['the reveal of a third pool of two', (rs) => rs.push(event('reveal-progressed', { pool: 2, page: 0 })), 'journal.jsonl:12 reveal-range'],
  ['a reveal before the results', (rs) => rs.splice(at(rs, 'results-computed'), 0, event('reveal-progressed', { pool: 0, page: 0 })), 'journal.jsonl:11 no-results'],
  ['a recording with a malformed digest', (rs) => rs.push(event('recording-finished', { path: 'a.mkv', bytes: 1, durationMs: 1, sha256: 'xyz' })), 'journal.jsonl:12 event-data'],
  ['closed without a bundle', (rs) => rs.push(event('ceremony-closed', { by: auto })), 'journal.jsonl:12 not-sealed'],
  ['created twice', (rs) => rs.splice(1, 0, structuredClone(rs[0]!)), 'journal.jsonl:2 already-created'],
  ['no creation', (rs) => rs.splice(0, 1), 'journal.jsonl:1 not-created'],
  ['no results', (rs) => rs.splice(at(rs, 'results-computed'), 1), 'journal.jsonl:10 journal-incomplete'],
  ['the results computed twice', (rs) => rs.push(structuredClone(rs[at(rs, 'results-computed')]!)), 'journal.jsonl:12 already-computed'],
  ['another master seed journaled', (rs) => { rs[at(rs, 'results-computed')]!.data.masterSeed = '0'.repeat(64); }, 'journal.jsonl:11 master-seed'],
];

describe('the journal\'s rules, chain and SHA256SUMS recomputed: as spec evidence-bundle 4.5 says, and as draw verify finds', () => {
  it.each(FOLDS)('%s', (_name, change, expected) => {
    const dir = forged(journalRewrite(change));
    const python = report(dir);
    const last = python.checks.at(-1)!;
    expect(python.ok ? null : `${last.file}:${last.line} ${last.rule}`).toBe(expected);
    const project = JSON.parse(draw('verify', dir, '--json').stdout) as Report;
    expect([project.ok, project.checks.at(-1)!.id]).toEqual([python.ok, last.id]);
  });
});

describe('input it cannot read safely is refused (exit 2), not followed', () => {
  it('a symbolic link or a FIFO in a bundle folder', () => {
    const linked = forged((dir) => symlinkSync('/etc/hostname', join(dir, 'extra.txt')), false);
    const r = python(linked);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^.*extra\.txt: file-type: .*[\u4e00-\u9fff].* \/ .*symbolic link/);
    const fifo = forged((dir) => expect(spawnSync('mkfifo', [join(dir, 'pipe')]).status).toBe(0), false);
    expect(python(fifo).stderr).toMatch(/pipe: file-type: /);
  });

  it('a zip of too many entries, or with a path leaving it', () => {
    const many = join(tempDir(), 'many.zip');
    writeZip(many, Array.from({ length: 1025 }, (_, i) => deflated(`f${i}`, 'x')));
    expect(python(many)).toMatchObject({ status: 2, stderr: expect.stringMatching(/zip-entries: /) });
    const escaping = join(tempDir(), 'escaping.zip');
    writeZip(escaping, [deflated('SHA256SUMS', ''), deflated('../evil', 'x')]);
    expect(python(escaping)).toMatchObject({ status: 2, stderr: expect.stringMatching(/zip-format: /) });
  });

  it('no bundle there, a package instead of a bundle, or no argument', () => {
    expect(python(join(tempDir(), 'absent'))).toMatchObject({ status: 2, stderr: expect.stringMatching(/bundle-missing: /) });
    expect(python(join(rehearsal, 'package'))).toMatchObject({ status: 2, stderr: expect.stringMatching(/a package, not a bundle/) });
    expect(python()).toMatchObject({ status: 2, stderr: expect.stringMatching(/usage/) });
  });
});

describe('python3 verify/draw_verify.py --vectors', () => {
  const cases = () => readdirSync(VECTORS).filter((n) => n.endsWith('.json'))
    .reduce((sum, n) => sum + (JSON.parse(readFileSync(join(VECTORS, n), 'utf8')) as { cases: unknown[] }).cases.length, 0);

  it('passes every conformance vector in docs/spec/vectors', () => {
    const r = python('--vectors', VECTORS);
    expect(r.status, r.stdout).toBe(0);
    const total = cases();
    expect(total).toBeGreaterThan(50);
    expect(r.stdout).toContain(`${total} passed, 0 failed`);
  });

  it('fails a vector whose expected value is changed, naming it, and a kind it does not know', () => {
    const dir = join(tempDir(), 'vectors');
    mkdirSync(dir);
    const seed = JSON.parse(readFileSync(join(VECTORS, 'seed.json'), 'utf8')) as { cases: { name: string; masterSeed: string }[] };
    const first = seed.cases[0]!;
    first.masterSeed = `${first.masterSeed[0] === '0' ? '1' : '0'}${first.masterSeed.slice(1)}`;
    writeFileSync(join(dir, 'seed.json'), JSON.stringify(seed));
    const changed = python('--vectors', dir);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain(`✗ seed.json: ${first.name} — master seed`);
    expect(changed.stdout).toContain(`${seed.cases.length - 1} passed, 1 failed`);
    writeFileSync(join(dir, 'seed.json'), readFileSync(join(VECTORS, 'seed.json')));
    writeFileSync(join(dir, 'later.json'), JSON.stringify({ format: 'draw-vectors/1', spec: 'draw-v1', kind: 'later-kind', cases: [] }));
    const unknown = python('--vectors', dir);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toContain('✗ later.json — unknown kind "later-kind"');
  });
});
