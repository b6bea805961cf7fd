// The signed report in the bundle: its text (pdftotext) holds the seal digest, the balls, every
// result digest and the Chinese title; its pages render (pdftoppm);
// its QR code decodes (jsQR) to the evidence digest, which anyone recomputes from SHA256SUMS.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { draw } from './support/cli.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';

const jsQR = createRequire(import.meta.url)('jsqr') as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

describe('report.pdf', () => {
  it('holds what the notary signs for, renders, and its QR code carries the evidence digest', () => {
    const pkg = writePackage([
      { id: 'personal', name: '个人普通小客车', entries: simpleEntries(60), quota: 6, alternates: 2 },
      { id: 'company', name: '单位普通小客车', entries: simpleEntries(9, 'C'), quota: 2 },
    ], { balls: 6 });
    const dir = tempDir();
    const bundle = join(dir, 'bundle');
    const r = draw('ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', bundle, '--rehearsal', '--auto-confirm', '--balls-from', 'simulate:048213');
    expect(r.status, r.stderr).toBe(0);
    expect(draw('verify', bundle).stdout).toMatch(/(^|\n)verified\n$/);

    const text = spawnSync('pdftotext', ['-layout', join(bundle, 'report.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    const summary = JSON.parse(readFileSync(join(bundle, 'results', 'results.json'), 'utf8'));
    expect(text).toContain('测试 Test');
    expect(text).toContain(summary.sealDigest);
    expect(text).toContain('种子 Seed: 048213');
    expect(text).toContain(summary.masterSeed);
    for (const p of summary.pools) expect(text).toContain(p.sha256);
    expect(text).toMatch(/公证员 Notary：_+/);
    expect(text).toContain('演练 REHEARSAL');

    // The journal head after each confirmation, as the journal in the bundle has it, and the operational log summarised.
    const journal = readFileSync(join(bundle, 'journal.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; hash: string; data: { by?: string } });
    const confirmations = journal.filter((rec) => rec.data.by !== undefined);
    expect(confirmations.map((rec) => rec.type)).toEqual(['seal-digest-confirmed', 'seed-confirmed']);
    for (const rec of confirmations) expect(text).toContain(`日志头 journal head: ${rec.hash}`);
    expect(text).toMatch(/PIN 尝试 attempts: 正确 right 0 · 错误 wrong 0/);

    const sums = readFileSync(join(bundle, 'SHA256SUMS'), 'utf8').split('\n').filter((l) => l && !l.endsWith('  report.pdf')).map((l) => `${l}\n`).join('');
    const evidence = createHash('sha256').update(sums).digest('hex');
    expect(text).toContain(evidence);

    const out = tempDir();
    expect(spawnSync('pdftoppm', ['-png', '-r', '150', join(bundle, 'report.pdf'), join(out, 'page')]).status).toBe(0);
    const pages = readdirSync(out).filter((f) => f.endsWith('.png')).sort();
    expect(pages.length).toBeGreaterThan(0);
    const decoded = pages.map((f) => {
      const png = PNG.sync.read(readFileSync(join(out, f)));
      return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
    }).find(Boolean);
    expect(decoded).toBe(evidence);
  });
});
