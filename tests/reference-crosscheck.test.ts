// Byte-identity with an independent implementation: verify/draw_verify.py (its `run`
// mode) was written from the spec alone, in Python with its standard library. Random
// packages of every shape the spec allows go through both; the files must be equal.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { draw } from './support/cli.ts';
import { tempDir, writePackage, type CsvStyle, type TestPool } from './support/packages.ts';

const REFERENCE = fileURLToPath(new URL('../verify/draw_verify.py', import.meta.url));
const CODE_CHARS = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

/** A small deterministic generator, so every run checks the same cases. */
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

function randomPool(rand: (n: number) => number, id: string, maxEntries: number): TestPool {
  const n = rand(maxEntries + 1);
  const codes = new Set<string>();
  while (codes.size < n) {
    const len = 1 + rand(rand(4) === 0 ? 64 : 8);
    codes.add(Array.from({ length: len }, () => CODE_CHARS[rand(CODE_CHARS.length)]).join(''));
  }
  const sorted = [...codes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)); // UTF-16 order = byte order for ASCII
  const weighted = rand(3) > 0;
  const quotaKind = rand(5);
  const quota = quotaKind === 0 ? 0 : quotaKind === 1 ? n + rand(5) : rand(n + 1);
  return {
    id,
    name: `池 ${id}`,
    entries: sorted.map((c) => [c, weighted ? 1 + rand(13) : 1]),
    quota,
    alternates: rand(3) === 0 ? 0 : rand(n + 2),
  };
}

function runBoth(pools: TestPool[], balls: string, style: CsvStyle) {
  const pkg = writePackage(pools, { balls: balls.length, style });
  const ours = join(tempDir(), 'ours');
  const theirs = join(tempDir(), 'theirs');
  const r = draw('run', pkg, '--balls', balls, '--out', ours);
  expect(r.status, r.stderr).toBe(0);
  const ref = spawnSync('python3', [REFERENCE, 'run', pkg, balls, theirs], { encoding: 'utf8', timeout: 120_000 });
  expect(ref.status, ref.stderr).toBe(0);
  const refJson = JSON.parse(readFileSync(join(theirs, 'reference.json'), 'utf8'));
  const results = JSON.parse(readFileSync(join(ours, 'results.json'), 'utf8'));
  expect(results.sealDigest).toBe(refJson.sealDigest);
  expect(results.masterSeed).toBe(refJson.masterSeed);
  for (const p of pools) {
    const mine = readFileSync(join(ours, `${p.id}.csv`));
    expect(mine.equals(readFileSync(join(theirs, `${p.id}.csv`))), `pool ${p.id}`).toBe(true);
    const lines = mine.toString().trimEnd().split('\n');
    expect(lines.length - 1).toBe(Math.min(p.quota + (p.alternates ?? 0), p.entries.length));
  }
}

describe('cross-check with the independent reference implementation', () => {
  it('40 random packages: several pools, weights up to 13, quota 0 and ≥ entries, alternates, mixed code bytes, CRLF/BOM', () => {
    const rand = rng(20261122);
    for (let c = 0; c < 40; c++) {
      const pools = Array.from({ length: 1 + rand(4) }, (_, i) => randomPool(rand, `p${c}-${i}`, c < 30 ? 40 : 400));
      const balls = Array.from({ length: 1 + rand(32) }, () => String(rand(10))).join('');
      runBoth(pools, balls, { crlf: rand(2) === 0, bom: rand(3) === 0, finalNewline: rand(4) > 0 });
    }
  });

  it('a pool of 20,000 entries with weights 1-13, 300 winners and 200 alternates', () => {
    const rand = rng(7);
    const entries: [string, number][] = Array.from({ length: 20_000 }, (_, i) => [`46${String(i).padStart(11, '0')}`, 1 + rand(13)]);
    runBoth([{ id: 'big', entries, quota: 300, alternates: 200 }, { id: 'zero', entries: entries.slice(0, 10), quota: 0 }], '048213', {});
  });
});
