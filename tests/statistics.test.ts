// The allocation's statistics over thousands of seeds (spec draw-v1 §4): rank 1 follows
// weight / total weight; equal weights give a uniform permutation; each entry wins with
// probability quota / entries; no entry is ever drawn twice. The balls are the seeds:
// 00000, 00001, … so the run is the same every time.
import { describe, expect, it } from 'vitest';
import { draw } from '../draw-core/draw.ts';
import { readPackage, type SealedPackage } from '../draw-core/package.ts';
import { manifestFor, poolCsv, type TestPool } from './support/packages.ts';

function memoryPackage(pool: TestPool, balls = 5): SealedPackage {
  const files: Record<string, string> = { [`${pool.id}.csv`]: poolCsv(pool.entries) };
  files['manifest.json'] = JSON.stringify(manifestFor([pool], files, balls));
  const enc = new TextEncoder();
  return readPackage({ describe: (n) => n, read: (n) => (n in files ? enc.encode(files[n]) : undefined) });
}

function* seeds(n: number): Generator<string> {
  for (let i = 0; i < n; i++) yield String(i).padStart(5, '0');
}

/** Pearson's statistic. */
function chiSquare(observed: number[], expected: number[]): number {
  return observed.reduce((s, o, i) => s + (o - expected[i]!) ** 2 / expected[i]!, 0);
}

/** Upper 0.1% point of chi-square with k degrees of freedom (Wilson–Hilferty). */
function critical(k: number): number {
  const z = 3.0902; // standard normal upper 0.1% point
  return k * (1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k))) ** 3;
}

describe('allocation statistics', () => {
  it('the chi-square check has power: it rejects a visibly biased sample', () => {
    const expected = Array(13).fill(1000);
    const biased = expected.map((e, i) => (i === 0 ? e * 1.2 : e));
    expect(critical(12)).toBeGreaterThan(30); // table value for k = 12: 32.91
    expect(critical(12)).toBeLessThan(35);
    expect(chiSquare(biased, expected)).toBeGreaterThan(critical(12));
  });

  it('rank 1 follows weight / total weight', () => {
    const weights = Array.from({ length: 13 }, (_, i) => i + 1);
    const pkg = memoryPackage({ id: 'W', entries: weights.map((w, i) => [`E${String(i).padStart(2, '0')}`, w]), quota: 1 });
    const n = 20_000;
    const counts = Array(13).fill(0);
    for (const balls of seeds(n)) counts[draw(pkg, balls, { file: 'test' }).pools[0]!.selected[0]!]++;
    const total = weights.reduce((a, b) => a + b, 0);
    const stat = chiSquare(counts, weights.map((w) => (n * w) / total));
    expect(stat).toBeLessThan(critical(12));
  });

  it('equal weights: the ranks are a uniform permutation', () => {
    const pkg = memoryPackage({ id: 'U', entries: [['a', 1], ['b', 1], ['c', 1], ['d', 1]], quota: 2, alternates: 2 });
    const n = 12_000;
    const counts = new Map<string, number>();
    for (const balls of seeds(n)) {
      const key = Array.from(draw(pkg, balls, { file: 'test' }).pools[0]!.selected).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(24);
    const stat = chiSquare([...counts.values()], Array(24).fill(n / 24));
    expect(stat).toBeLessThan(critical(23));
  });

  it('equal weights: every entry wins with probability quota / entries', () => {
    const entries = 10;
    const quota = 3;
    const pkg = memoryPackage({ id: 'Q', entries: Array.from({ length: entries }, (_, i) => [`C${i}`, 1]), quota, alternates: 2 });
    const n = 10_000;
    const wins = Array(entries).fill(0);
    for (const balls of seeds(n)) {
      const { selected } = draw(pkg, balls, { file: 'test' }).pools[0]!;
      for (let j = 0; j < quota; j++) wins[selected[j]!]++;
    }
    const p = quota / entries;
    const sd = Math.sqrt(n * p * (1 - p));
    for (const w of wins) expect(Math.abs(w - n * p)).toBeLessThan(4 * sd); // 4 sd: < 1e-3 over 10 entries
    expect(chiSquare(wins, Array(entries).fill(n * p))).toBeLessThan(critical(entries - 1));
  });

  it('no entry is ever drawn twice, even when quota + alternates exceed the pool', () => {
    const weights = [13, 1, 7, 1, 1, 12, 3];
    const pkg = memoryPackage({ id: 'D', entries: weights.map((w, i) => [`X${i}`, w]), quota: 5, alternates: 9 });
    for (const balls of seeds(3000)) {
      const { selected, summary } = draw(pkg, balls, { file: 'test' }).pools[0]!;
      expect(selected.length).toBe(weights.length);
      expect(new Set(selected).size).toBe(weights.length);
      expect(summary.winners).toBe(5);
      expect(summary.alternatesDrawn).toBe(2);
    }
  });
});
