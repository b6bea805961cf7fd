// The report the host, the notary and the supervisors sign (report.pdf in the bundle), from real
// ceremonies run through the kiosk's service (a real draw with the notary's PIN, and a rehearsal
// with hostile names), read back as a person would: pdftotext (with -layout and without, page by
// page, word boxes), pdftoppm, and the QR code decoded. Every expected value is derived here from
// the bundle's own files (journal.jsonl, operations.jsonl, results.json, SHA256SUMS), not from
// the code that printed it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KioskCommands } from '../electron/contract/kiosk-api.ts';
import { unwrap } from '../electron/node/failure.ts';
import { realDevices } from '../electron/service/devices.ts';
import { KioskService } from '../electron/service/kiosk-service.ts';
import { draw } from './support/cli.ts';
import { NAMES } from './support/ceremony-names.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';

const jsQR = createRequire(import.meta.url)('jsqr') as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

const PIN = '246810';
const BALLS = '048213';
const POOLS = [
  { id: 'personal', name: '个人普通小客车', entries: simpleEntries(1234), quota: 40, alternates: 8 },
  { id: 'company', name: '单位普通小客车', entries: simpleEntries(9, 'C'), quota: 2 },
];

interface Rec { seq: number; time: string; type: string; data: Record<string, unknown>; hash: string }

interface Made {
  bundle: string;
  pdf: string;
  journal: Rec[];
  operations: Rec[];
  summary: { sealDigest: string; masterSeed: string; pools: { id: string; name: string; entries: number; totalWeight: number; quota: number; alternates: number; winners: number; alternatesDrawn: number; sha256: string }[] };
  evidence: string;
  startedAt: number;
}

/**
 * A whole ceremony through the kiosk's service: a wrong PIN once, a ball voided and drawn again,
 * the reveal over three pages, then the bundle written to a folder.
 */
async function ceremony(names: { venue: string; hostName: string; notaryName: string }, rehearsal: boolean): Promise<Made> {
  const startedAt = Date.now();
  const pkg = writePackage(POOLS, { balls: BALLS.length });
  const host = new KioskService(realDevices(tempDir('kiosk-report-')), { pageSize: 20 });
  const call = async <C extends keyof KioskCommands>(c: C, args: KioskCommands[C]['args']) => unwrap(await host.call(c, args));
  const pin = rehearsal ? {} : { pin: PIN };
  try {
    await call('createCeremony', { period: 'test-1', kind: 'quota-allocation', rehearsal, ...names, ...(rehearsal ? {} : { notaryPin: PIN }) });
    await call('importPackage', { path: pkg });
    if (!rehearsal) expect((await host.call('confirmSealDigest', { pin: '999999' })).ok).toBe(false);
    await call('confirmSealDigest', pin);
    for (const d of BALLS.slice(0, 3)) await call('enterManualBall', { hostDigit: d, notaryDigit: d, ...pin });
    await call('voidLastBall', { reason: '球卡在出口 the ball stuck at the exit', ...pin });
    for (const d of BALLS.slice(2)) await call('enterManualBall', { hostDigit: d, notaryDigit: d, ...pin });
    await call('confirmSeed', pin);
    await call('computeResults', {});
    for (const [pool, page] of [[0, 0], [0, 1], [1, 0]] as const) await call('revealTo', { pool, page });
    const bundle = join(tempDir(), 'bundle');
    host.allowBundleFolder(join(bundle, '..'));
    await call('writeBundle', { target: bundle });
    const lines = (file: string) => readFileSync(join(bundle, file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec);
    const sums = readFileSync(join(bundle, 'SHA256SUMS'), 'utf8').split('\n').filter((l) => l && !l.endsWith('  report.pdf')).map((l) => `${l}\n`).join('');
    return {
      bundle,
      pdf: join(bundle, 'report.pdf'),
      journal: lines('journal.jsonl'),
      operations: lines('operations.jsonl'),
      summary: JSON.parse(readFileSync(join(bundle, 'results', 'results.json'), 'utf8')) as Made['summary'],
      evidence: createHash('sha256').update(sums).digest('hex'),
      startedAt,
    };
  } finally {
    await host.dispose();
  }
}

const pdftotext = (pdf: string, ...args: string[]) => {
  const r = spawnSync('pdftotext', [...args, pdf, '-'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};
const pageCount = (pdf: string) => Number(/^Pages:\s+(\d+)$/m.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)![1]);
/** Each page's text, as pdftotext lays it out, one string per page. */
const pages = (pdf: string) => Array.from({ length: pageCount(pdf) }, (_, i) => pdftotext(pdf, '-layout', '-f', String(i + 1), '-l', String(i + 1)));
/** A journal time (UTC) as a Beijing wall-clock time: eight hours on, written YYYY-MM-DD HH:MM:SS. */
const beijing = (utc: string) => new Date(Date.parse(utc) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
const groups = (hex: string) => hex.replace(/(.{4})(?!$)/g, '$1 ');
const thousands = (n: number) => n.toLocaleString('en-US');

/** The index of the first line holding every one of `parts`, after line `from`. */
function lineWith(lines: string[], parts: string[], from = -1): number {
  const i = lines.findIndex((l, n) => n > from && parts.every((p) => l.includes(p)));
  expect(i, `a line with ${JSON.stringify(parts)} after line ${from}`).toBeGreaterThan(from);
  return i;
}

/** The QR codes jsQR finds on page `n` (1-based), rendered as pdftoppm renders it. */
function qrOnPage(pdf: string, n: number): string | undefined {
  const out = tempDir();
  expect(spawnSync('pdftoppm', ['-png', '-r', '150', '-f', String(n), '-l', String(n), pdf, join(out, 'page')]).status).toBe(0);
  const png = PNG.sync.read(readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.png'))!)));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

/** The checks every report must pass, whatever its names. */
function commonChecks(made: Made, rehearsal: boolean) {
  const { pdf, journal, summary, evidence } = made;
  const all = pages(made.pdf);

  // Page numbers on every page, with the right total.
  all.forEach((text, i) => {
    expect(text, `page ${i + 1}`).toContain(`第 ${i + 1} 页 共 ${all.length} 页`);
    expect(text, `page ${i + 1}`).toContain(`Page ${i + 1} of ${all.length}`);
  });

  // No time in UTC: every time is Beijing time, the zone shown.
  const whole = all.join('\n');
  expect(whole).not.toMatch(/\d{2}:\d{2}:\d{2}(\.\d+)?Z/);
  expect(whole).toContain('北京时间 UTC+8');

  // Each digest whole, on one line, in groups of four.
  const digests = [summary.sealDigest, summary.masterSeed, evidence, ...summary.pools.map((p) => p.sha256),
    ...journal.filter((r) => typeof r.data.by === 'string').map((r) => r.hash)];
  for (const d of digests) expect(whole.split('\n').some((l) => l.includes(groups(d))), `${d} on one line`).toBe(true);
  // and never in one run without its spaces: a digest is said one way.
  for (const d of digests) expect(whole).not.toContain(d);

  // The signature blocks, the facts they attest and the QR code of the evidence digest on one page.
  const signed = all.findIndex((t) => t.includes('签名 Signature'));
  expect(signed).toBeGreaterThanOrEqual(0);
  const page = all[signed]!;
  expect(page.match(/签名 Signature/g)).toHaveLength(4);
  for (const role of ['主持人 Host', '公证员 Notary', '监督员 Supervisor']) expect(page).toContain(role);
  expect(page).toMatch(new RegExp(`种子.*Seed.*${BALLS}`));
  for (const d of [summary.sealDigest, summary.masterSeed, evidence]) expect(page).toContain(groups(d));
  expect(qrOnPage(pdf, signed + 1)).toBe(evidence);

  // Every font embedded (no glyph left to the reader's machine): Noto Sans SC, and JetBrains Mono for the digests.
  const fonts = spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout.trim().split('\n').slice(2).map((l) => l.split(/\s+/));
  expect(fonts.map((f) => f[0]!.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['JetBrainsMono-Regular', 'NotoSansSC-Bold', 'NotoSansSC-Regular']);
  for (const f of fonts) expect(f.at(-5), f[0]).toBe('yes');

  // The kind of draw, the names entered at creation.
  expect(all[0]).toContain(rehearsal ? '演练 REHEARSAL' : '正式摇号 REAL DRAW');
  expect(whole).not.toContain(rehearsal ? '正式摇号 REAL DRAW' : '演练 REHEARSAL');
  return { all, whole, signed };
}

describe('report.pdf', () => {
  let real: Made;
  beforeAll(async () => {
    real = await ceremony(NAMES, false);
  }, 120_000);

  it('a real draw: page one holds the title, the names, the timeline in Beijing time, the pools, the digests, the summary and the signatures', () => {
    const { all, signed } = commonChecks(real, false);
    // A small ceremony fits on one page: the signatures are on page one with everything they attest.
    expect(all).toHaveLength(1);
    expect(signed).toBe(0);
    const lines = all[0]!.split('\n');

    // In this order, top to bottom.
    let at = lineWith(lines, ['测试 Test']);
    at = lineWith(lines, ['期号 Period', 'test-1'], at - 1);
    at = lineWith(lines, ['正式摇号 REAL DRAW'], at - 1);
    at = lineWith(lines, ['场地 Venue', NAMES.venue], at);
    lineWith(lines, ['主持人 Host', NAMES.hostName], at - 1);
    lineWith(lines, ['公证员 Notary', NAMES.notaryName], at - 1);

    // The timeline: each fact on its own line with its journal time in Beijing time (the zone in its heading), in journal order.
    at = lineWith(lines, ['时间线 Timeline', '北京时间 UTC+8'], at);
    const { journal } = real;
    const time = (r: Rec) => beijing(r.time);
    const first = (type: string) => journal.find((r) => r.type === type)!;
    at = lineWith(lines, ['创建仪式 ceremony created', time(first('ceremony-created'))], at);
    at = lineWith(lines, ['导入数据包 package imported', time(first('package-imported'))], at);
    at = lineWith(lines, ['确认封存摘要 seal digest confirmed', time(first('seal-digest-confirmed'))], at);
    // Balls drawn one after another come two to a line: the next ball is on this line or below.
    for (const r of journal.filter((x) => x.type === 'ball-drawn' || x.type === 'ball-voided')) {
      const n = r.data.n as number;
      at = r.type === 'ball-drawn'
        ? lineWith(lines, [`第 ${n} 个球 ball ${n}: ${r.data.digit as string}`, time(r)], at - 1)
        : lineWith(lines, [`作废球 ball voided: 第 ${n} 个球 ball ${n}`, time(r)], at);
    }
    at = lineWith(lines, ['确认种子 seed confirmed', time(first('seed-confirmed'))], at);
    at = lineWith(lines, ['计算结果 results computed', time(first('results-computed'))], at);
    const reveals = journal.filter((r) => r.type === 'reveal-progressed');
    at = lineWith(lines, ['揭晓开始 reveal started', time(reveals[0]!)], at);
    at = lineWith(lines, ['揭晓结束 reveal ended', time(reveals.at(-1)!)], at);
    // The report is made just before the bundle is written: its own time, after every journaled fact.
    const generated = lineWith(lines, ['本报告生成 report generated'], at);
    const stamp = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.exec(lines[generated]!)![0];
    expect(stamp >= time(journal.at(-1)!)).toBe(true);
    expect(stamp <= beijing(new Date().toISOString())).toBe(true);
    expect(stamp >= beijing(new Date(real.startedAt - 1000).toISOString())).toBe(true);
    // Sealing comes after the report: said so, with a line for the time the console shows.
    at = lineWith(lines, ['封存 sealed'], generated);

    // The pools table: entries, tickets, quota, alternates, winners and alternates drawn, with thousands separators.
    for (const p of real.summary.pools) {
      const row = lineWith(lines, [p.name, p.id], at);
      expect(lines[row]).toMatch(new RegExp([thousands(p.entries), thousands(p.totalWeight), thousands(p.quota), thousands(p.alternates), thousands(p.winners), thousands(p.alternatesDrawn)].join('\\s+')));
      at = lineWith(lines, [groups(p.sha256)], row);
    }
    expect(lines.some((l) => l.includes('1,234'))).toBe(true);

    // The seed and the digests, then the operational summary counted from operations.jsonl, then the signatures.
    at = lineWith(lines, ['种子', BALLS], at);
    at = lineWith(lines, ['封存摘要 Seal digest', groups(real.summary.sealDigest)], at);
    at = lineWith(lines, ['主种子 Master seed', groups(real.summary.masterSeed)], at);
    at = lineWith(lines, ['证据摘要 Evidence digest', groups(real.evidence)], at);
    const pins = real.operations.filter((o) => o.type === 'pin-attempt');
    const right = pins.filter((o) => o.data.ok === true).length;
    const wrong = pins.length - right;
    expect(wrong).toBe(1);
    const voided = journal.filter((r) => r.type === 'ball-voided').length;
    at = lineWith(lines, [`正确 right ${right}`, `错误 wrong ${wrong}`, `警报 alarms ${journal.filter((r) => r.type === 'ball-alarm').length}`, `作废球 voided balls ${voided}`], at);
    at = lineWith(lines, ['掉线 link drops 0'], at);
    at = lineWith(lines, ['主持人 Host', '公证员 Notary'], at);
    lineWith(lines, [`姓名 Name: ${NAMES.hostName}`, `姓名 Name: ${NAMES.notaryName}`], at);

    // The journal head after each confirmation, whole on one line.
    for (const r of journal.filter((x) => typeof x.data.by === 'string')) expect(all[0]).toContain(groups(r.hash));

    // Without -layout, in reading order, nothing is split either: each digest is one run of its groups.
    const raw = pdftotext(real.pdf);
    for (const d of [real.summary.sealDigest, real.summary.masterSeed, real.evidence]) expect(raw).toContain(groups(d));
  });

  it('a real draw\'s bundle with the names verifies, by draw verify and by the Python verifier', () => {
    expect(draw('verify', real.bundle).stdout).toMatch(/(^|\n)verified\n$/);
    const py = spawnSync('python3', [join(real.bundle, 'verify', 'draw_verify.py'), real.bundle], { encoding: 'utf8' });
    expect(py.stdout).toMatch(/(^|\n)verified\n$/);
    const created = real.journal[0]!;
    expect(created.data).toMatchObject(NAMES);
  });

  it('a rehearsal with hostile names: marked, wrapped inside the page, the layout intact', async () => {
    const hostile = {
      venue: '海南省海口市美兰区国兴大道公证处摇号大厅'.repeat(10).slice(0, 200),
      hostName: `Alice\u202Eevil\u202C ${'W'.repeat(120)}`,
      notaryName: '李\u200B公证',
    };
    expect(hostile.venue).toHaveLength(200);
    const made = await ceremony(hostile, true);
    const { whole, signed } = commonChecks(made, true);
    // Invisible and reordering characters are shown by their code points, never passed through.
    for (const ch of ['\u202E', '\u202C', '\u200B']) expect(whole).not.toContain(ch);
    expect(whole).toContain('〈U+202E〉');
    expect(whole).toContain('〈U+200B〉');
    // Each name whole where it is printed: in the heading and in its signature block, on the page
    // with the facts they attest. (-raw keeps the order the text was drawn in: a column that wraps
    // is not interleaved with the column beside it.)
    const raw = (from?: number) => pdftotext(made.pdf, '-raw', ...(from === undefined ? [] : ['-f', String(from), '-l', String(from)])).replace(/\s+/g, '');
    const host = `Alice〈U+202E〉evil〈U+202C〉${'W'.repeat(120)}`;
    expect(raw()).toContain(`场地Venue:${hostile.venue}`);
    expect(raw().split(host)).toHaveLength(3);
    expect(raw(signed + 1)).toContain(`姓名Name:${host}`);
    expect(raw(signed + 1)).toContain('姓名Name:李〈U+200B〉公证');

    // Every word inside the page's margins: a long name wraps, it does not run off the page.
    const bbox = pdftotext(made.pdf, '-bbox');
    const pageWidth = Number(/<page width="([\d.]+)"/.exec(bbox)![1]);
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    expect(words.length).toBeGreaterThan(100);
    for (const [xMin, xMax] of words) {
      expect(xMin).toBeGreaterThanOrEqual(30);
      expect(xMax).toBeLessThanOrEqual(pageWidth - 30);
    }
  }, 120_000);

  it('a journal without the names (a command-line rehearsal) prints a dash and a line to write them on', () => {
    const pkg = writePackage(POOLS, { balls: BALLS.length });
    const dir = tempDir();
    const bundle = join(dir, 'bundle');
    const r = draw('ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', bundle, '--rehearsal', '--auto-confirm', '--balls-from', `simulate:${BALLS}`);
    expect(r.status, r.stderr).toBe(0);
    const text = pdftotext(join(bundle, 'report.pdf'), '-layout');
    expect(text).toMatch(/场地 Venue:?\s+—/);
    expect(text).toMatch(/—\s+揭晓开始 reveal started · 未揭晓 nothing revealed/);
    expect(text.match(/姓名 Name:? _{6,}/g)!.length).toBeGreaterThanOrEqual(2);
  });
});
