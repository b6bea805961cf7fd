// The conformance vectors of docs/spec/vectors/ (format: its README.md), on the draw-core
// side: the committed files are exactly what the generator writes, draw-core reproduces
// every case through the one runner (verify/page/vectors.ts, which verify.html builds too),
// the cases themselves say what the README promises, and the spec's own §6 vector is in them
// with the values draw-v1 §6 prints. verify/draw_verify.py runs the same files on its own.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../draw-core/bytes.ts';
import { sha256Hex } from '../draw-core/sha256.ts';
import { CASES, runVectors, VectorFile, type Case, type Kind } from '../verify/page/vectors.ts';
import { VECTORS_DIR, vectorFiles } from './vectors/generate.ts';

const committed = readdirSync(VECTORS_DIR).filter((f) => f.endsWith('.json')).sort();
const text = (file: string) => readFileSync(join(VECTORS_DIR, file), 'utf8');
// The README's format (the runner's schemas): a field added or renamed without the README is caught here.
const read = (file: string) => v.parse(VectorFile, JSON.parse(text(file)));

function casesOf<K extends Kind>(kind: K): Case<K>[] {
  const files = committed.map(read).filter((f) => f.kind === kind);
  expect(files.length, `a vector file of kind ${kind}`).toBeGreaterThan(0);
  return files.flatMap((f) => f.cases.map((c) => v.parse(CASES[kind], c) as Case<K>));
}

describe('conformance vectors: committed files', () => {
  it('are exactly what `npm run vectors` writes, and nothing else', () => {
    const generated = vectorFiles();
    expect(committed).toEqual(generated.map((f) => f.name).sort());
    for (const f of generated) expect(readFileSync(join(VECTORS_DIR, f.name), 'utf8'), f.name).toBe(f.text);
  });

  it('generating twice gives the same bytes', () => {
    expect(vectorFiles()).toEqual(vectorFiles());
  });

  it('are small, every file has a known kind, names are unique within a file', () => {
    let total = 0;
    for (const file of committed) {
      total += readFileSync(join(VECTORS_DIR, file)).length;
      const names = read(file).cases.map((c) => c.name);
      expect(new Set(names).size, file).toBe(names.length);
    }
    expect(total).toBeLessThan(256 * 1024);
  });
});

describe('conformance vectors: draw-core reproduces every case', () => {
  it('every case of every file, through the one runner (the one verify.html builds), with draw-core\'s public functions', () => {
    const results = runVectors(committed.map(text));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const kinds = Object.keys(CASES) as Kind[];
    expect(results.map(({ kind, name }) => ({ kind, name }))).toEqual(committed.map(read).flatMap((f) => f.cases.map((c) => ({ kind: f.kind, name: c.name }))));
    for (const kind of kinds) expect(casesOf(kind).length, kind).toBeGreaterThan(0);
  });

  it('the runner fails a case whose expected value is wrong, and a file of another format or an unknown kind', () => {
    const seed = read('seed.json');
    const wrong = { ...seed.cases[0]!, masterSeed: '0'.repeat(64) };
    const results = runVectors([
      JSON.stringify({ ...seed, cases: [wrong] }),
      JSON.stringify({ ...seed, format: 'draw-vectors/2' }),
      JSON.stringify({ ...seed, kind: 'new-kind' }),
    ]);
    expect(results.map((r) => [r.name, r.ok])).toEqual([[wrong.name, false], ['(file)', false], ['(file)', false]]);
    expect(results[0]!.detail).toContain('0'.repeat(64));
  });
});

describe('conformance vectors: the cases themselves', () => {
  it('uniform: each call\'s words are as spec §3 splits them, and one case discards', () => {
    const cases = casesOf('uniform');
    for (const c of cases) {
      for (const call of c.calls) {
        // Earlier words discarded (≥ L), the last accepted with u mod m = value.
        const m = BigInt(call.m);
        const limit = m * ((1n << 64n) / m);
        const used = call.words.map(BigInt);
        expect(used.slice(0, -1).every((u) => u >= limit), c.name).toBe(true);
        expect(used.at(-1)! < limit && used.at(-1)! % m === BigInt(call.value), c.name).toBe(true);
      }
    }
    const discarding = cases.filter((c) => c.calls.some((call) => call.words.length > 1));
    expect(discarding.map((c) => c.name)).toEqual([expect.stringContaining('discard')]);
  });

  it('pool-file: some accepted, and every rule of the README\'s table refused', () => {
    const cases = casesOf('pool-file');
    expect(cases.some((c) => c.accept)).toBe(true);
    expect(new Set(cases.flatMap((c) => (c.accept ? [] : [c.rule])))).toEqual(new Set([
      'csv-header', 'csv-line-ending', 'csv-empty-line', 'csv-fields', 'code-syntax', 'code-length',
      'weight-syntax', 'weight-range', 'code-unique', 'code-order', 'entries-count', 'total-weight',
    ]));
  });

  it('package: the seal digest is the SHA-256 of manifest.json, each result\'s sha256 that of its bytes; a package of several pools', () => {
    const cases = casesOf('package');
    for (const c of cases) {
      if ('error' in c) continue;
      expect(c.sealDigest, c.name).toBe(sha256Hex(utf8ToBytes(c.files.find((f) => f.name === 'manifest.json')!.text)));
      for (const p of c.pools) expect(sha256Hex(utf8ToBytes(p.result)), `${c.name}: ${p.id}`).toBe(p.sha256);
    }
    expect(cases.filter((c) => 'pools' in c && c.pools.length > 1).length).toBeGreaterThan(0);
  });
});

// Typed from docs/spec/draw-v1.md §6, not computed.
const SPEC_6 = {
  manifest: '{"format":"draw-package/1","period":"spec-a","title":"Spec A","seed":{"balls":6},"pools":[{"id":"P","name":"P","file":"P.csv","sha256":"3f5fa88a16083dddc0bf63ef6919ff8ab81e80b1371f451670fbd20ee17a71d7","entries":10,"totalWeight":10,"quota":3,"alternates":2}]}',
  pCsv: 'code,weight\nA00,1\nA01,1\nA02,1\nA03,1\nA04,1\nA05,1\nA06,1\nA07,1\nA08,1\nA09,1\n',
  balls: '123456',
  sealDigest: '0198fcd9b0c78931872e9a209e0942cf844ef4f874ccd5add1610b16476444fe',
  master: '9ccbfe0507e1cc9f03f879cffe71410ff1db0b5dbce1e42cecd68e66b840baa7',
  keyP: 'ea6a0d5a3d61786126be748cc35f2d4d98bfacee81ac7a1a8f144cf57bb7d83d',
  result: 'rank,code,status\n1,A01,winner\n2,A00,winner\n3,A08,winner\n4,A03,alternate\n5,A09,alternate\n',
  resultSha256: 'd2c01a4b4f6c222d72bca18101199841a430e9afa2d6f581a4fc69f539b677e5',
};

describe('conformance vectors: the spec §6 vector spec-a is there as published', () => {
  it('package spec-a', () => {
    const c = casesOf('package').find((p) => p.name === 'spec-a (draw-v1 §6)');
    expect(c).toEqual({
      name: 'spec-a (draw-v1 §6)',
      files: [{ name: 'manifest.json', text: SPEC_6.manifest }, { name: 'P.csv', text: SPEC_6.pCsv }],
      balls: SPEC_6.balls,
      sealDigest: SPEC_6.sealDigest,
      masterSeed: SPEC_6.master,
      pools: [{ id: 'P', poolKey: SPEC_6.keyP, file: 'P.csv', result: SPEC_6.result, sha256: SPEC_6.resultSha256 }],
    });
  });

  it('seed, pool key and sampling of spec-a', () => {
    expect(casesOf('seed')).toContainEqual({ name: 'spec-a (draw-v1 §6)', sealDigest: SPEC_6.sealDigest, balls: SPEC_6.balls, masterSeed: SPEC_6.master });
    expect(casesOf('pool-key')).toContainEqual({ name: 'spec-a pool P (draw-v1 §6)', masterSeed: SPEC_6.master, poolId: 'P', poolKey: SPEC_6.keyP });
    // A01, A00, A08, A03, A09 are entries 1, 0, 8, 3, 9 of P.csv.
    expect(casesOf('sampling')).toContainEqual(expect.objectContaining({ key: SPEC_6.keyP, weights: Array(10).fill(1), quota: 3, alternates: 2, selected: [1, 0, 8, 3, 9] }));
  });
});
