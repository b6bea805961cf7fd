// The conformance vectors of docs/spec/vectors/ (format: its README.md), on the draw-core
// side: the committed files are exactly what the generator writes, draw-core reproduces
// every case through its public functions, and the spec's own §6 vector is in them with
// the values draw-v1 §6 prints. verify/draw_verify.py and verify.html run the same files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { allocate, rankCount } from '../draw-core/allocate.ts';
import { bytesToHex, utf8ToBytes } from '../draw-core/bytes.ts';
import { draw } from '../draw-core/draw.ts';
import { DrawInputError } from '../draw-core/errors.ts';
import { readPackage } from '../draw-core/package.ts';
import { parsePoolFile } from '../draw-core/pool-file.ts';
import { RandomStream } from '../draw-core/random-stream.ts';
import { masterSeed, poolKey } from '../draw-core/seed.ts';
import { sha256Hex } from '../draw-core/sha256.ts';
import { VECTORS_DIR, VECTORS_FORMAT, vectorFiles } from './vectors/generate.ts';

// The README's format, as schemas: a field added or renamed without the README is caught here.
const hex32 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const u64 = v.pipe(v.string(), v.regex(/^(0|[1-9][0-9]{0,19})$/), v.check((s) => BigInt(s) < 1n << 64n));
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const text = v.object({ name: v.string(), text: v.string() });
const refusal = { accept: v.literal(false), rule: v.string(), line: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1))) };

const CASES = {
  seed: v.strictObject({ name: v.string(), sealDigest: hex32, balls: v.pipe(v.string(), v.regex(/^[0-9]{1,32}$/)), masterSeed: hex32 }),
  'pool-key': v.strictObject({ name: v.string(), masterSeed: hex32, poolId: v.string(), poolKey: hex32 }),
  stream: v.strictObject({ name: v.string(), key: hex32, words: v.pipe(v.array(u64), v.minLength(9)) }),
  uniform: v.strictObject({
    name: v.string(),
    key: hex32,
    calls: v.array(v.strictObject({ m: v.pipe(count, v.minValue(1)), value: count, words: v.pipe(v.array(u64), v.minLength(1)) })),
    next: u64,
  }),
  sampling: v.strictObject({ name: v.string(), key: hex32, weights: v.array(v.pipe(count, v.minValue(1), v.maxValue(1_000_000))), quota: count, alternates: count, selected: v.array(count) }),
  'pool-file': v.variant('accept', [
    v.strictObject({ name: v.string(), text: v.string(), entries: count, totalWeight: count, accept: v.literal(true) }),
    v.strictObject({ name: v.string(), text: v.string(), entries: count, totalWeight: count, ...refusal }),
  ]),
  package: v.union([
    v.strictObject({
      name: v.string(),
      files: v.array(v.strictObject(text.entries)),
      balls: v.string(),
      sealDigest: hex32,
      masterSeed: hex32,
      pools: v.array(v.strictObject({ id: v.string(), poolKey: hex32, file: v.string(), result: v.string(), sha256: hex32 })),
    }),
    v.strictObject({
      name: v.string(),
      files: v.array(v.strictObject(text.entries)),
      error: v.strictObject({ rule: v.string(), file: v.string(), line: refusal.line }),
    }),
  ]),
} as const;

type Kind = keyof typeof CASES;
type Case<K extends Kind> = v.InferOutput<(typeof CASES)[K]>;

const vectorFile = v.strictObject({
  format: v.literal(VECTORS_FORMAT),
  spec: v.literal('draw-v1'),
  kind: v.picklist(Object.keys(CASES) as Kind[]),
  about: v.string(),
  cases: v.pipe(v.array(v.looseObject({ name: v.string() })), v.minLength(1)),
});

const committed = readdirSync(VECTORS_DIR).filter((f) => f.endsWith('.json')).sort();
const read = (file: string) => v.parse(vectorFile, JSON.parse(readFileSync(join(VECTORS_DIR, file), 'utf8')));

function casesOf<K extends Kind>(kind: K): Case<K>[] {
  const files = committed.map(read).filter((f) => f.kind === kind);
  expect(files.length, `a vector file of kind ${kind}`).toBeGreaterThan(0);
  return files.flatMap((f) => f.cases.map((c) => v.parse(CASES[kind], c) as Case<K>));
}

const bytes = (hex: string) => Uint8Array.from(hex.match(/../g)!, (b) => parseInt(b, 16));
const wordsOf = (stream: RandomStream, n: number) => Array.from({ length: n }, () => String(stream.nextU64()));

/** The rule (and line) a refused input is refused with, or 'accepted'. */
function outcome(read: () => unknown): { rule: string; file?: string; line?: number } | 'accepted' {
  try {
    read();
    return 'accepted';
  } catch (e) {
    if (!(e instanceof DrawInputError)) throw e;
    return { rule: e.rule, file: e.file, ...(e.line === undefined ? {} : { line: e.line }) };
  }
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
  it('seed', () => {
    for (const c of casesOf('seed')) expect(bytesToHex(masterSeed(c.sealDigest, c.balls)), c.name).toBe(c.masterSeed);
  });

  it('pool-key', () => {
    for (const c of casesOf('pool-key')) expect(bytesToHex(poolKey(bytes(c.masterSeed), c.poolId)), c.name).toBe(c.poolKey);
  });

  it('stream', () => {
    for (const c of casesOf('stream')) expect(wordsOf(new RandomStream(bytes(c.key)), c.words.length), c.name).toEqual(c.words);
  });

  it('uniform: values, the words consumed, and the next word', () => {
    const cases = casesOf('uniform');
    for (const c of cases) {
      const drawing = new RandomStream(bytes(c.key));
      const reading = new RandomStream(bytes(c.key));
      for (const call of c.calls) {
        expect(drawing.uniform(call.m), `${c.name}: uniform(${call.m})`).toBe(call.value);
        expect(wordsOf(reading, call.words.length), c.name).toEqual(call.words);
        // The vector itself against §3: earlier words discarded (≥ L), the last accepted with u mod m = value.
        const m = BigInt(call.m);
        const limit = m * ((1n << 64n) / m);
        const used = call.words.map(BigInt);
        expect(used.slice(0, -1).every((u) => u >= limit), c.name).toBe(true);
        expect(used.at(-1)! < limit && used.at(-1)! % m === BigInt(call.value), c.name).toBe(true);
      }
      expect(String(drawing.nextU64()), c.name).toBe(c.next);
      expect(String(reading.nextU64()), c.name).toBe(c.next);
    }
    const discarding = cases.filter((c) => c.calls.some((call) => call.words.length > 1));
    expect(discarding.map((c) => c.name)).toEqual([expect.stringContaining('discard')]);
  });

  it('sampling', () => {
    for (const c of casesOf('sampling')) {
      const ranks = rankCount(c.weights.length, c.quota, c.alternates);
      expect(c.selected.length, c.name).toBe(ranks);
      expect(Array.from(allocate({ weights: Uint32Array.from(c.weights) }, ranks, bytes(c.key))), c.name).toEqual(c.selected);
    }
  });

  it('pool-file: accepted and refused, with the rule and line', () => {
    const cases = casesOf('pool-file');
    for (const c of cases) {
      const got = outcome(() => parsePoolFile(utf8ToBytes(c.text), 'pool.csv', c));
      if (c.accept) expect(got, c.name).toBe('accepted');
      else expect(got, c.name).toEqual({ rule: c.rule, file: 'pool.csv', ...(c.line === undefined ? {} : { line: c.line }) });
    }
    expect(cases.some((c) => c.accept)).toBe(true);
    // Every rule of the README's table is exercised.
    expect(new Set(cases.flatMap((c) => (c.accept ? [] : [c.rule])))).toEqual(new Set([
      'csv-header', 'csv-line-ending', 'csv-empty-line', 'csv-fields', 'code-syntax', 'code-length',
      'weight-syntax', 'weight-range', 'code-unique', 'code-order', 'entries-count', 'total-weight',
    ]));
  });

  it('package: seal digest, M, K and every result file byte for byte; refused packages', () => {
    const cases = casesOf('package');
    for (const c of cases) {
      const files = new Map(c.files.map((f) => [f.name, utf8ToBytes(f.text)]));
      const source = { describe: (n: string) => n, read: (n: string) => files.get(n) };
      if ('error' in c) {
        expect(outcome(() => readPackage(source)), c.name).toEqual(c.error);
        continue;
      }
      const pkg = readPackage(source);
      expect(pkg.sealDigest, c.name).toBe(c.sealDigest);
      expect(pkg.sealDigest, c.name).toBe(sha256Hex(files.get('manifest.json')!));
      const result = draw(pkg, c.balls, { file: 'balls' });
      expect(result.summary.masterSeed, c.name).toBe(c.masterSeed);
      expect(result.pools.map((p) => p.summary.id), c.name).toEqual(c.pools.map((p) => p.id));
      c.pools.forEach((want, i) => {
        const got = result.pools[i]!;
        expect(bytesToHex(poolKey(bytes(c.masterSeed), want.id)), c.name).toBe(want.poolKey);
        expect(got.summary.file, c.name).toBe(want.file);
        expect(got.csv, `${c.name}: ${want.id}`).toEqual(utf8ToBytes(want.result));
        expect(sha256Hex(utf8ToBytes(want.result)), c.name).toBe(want.sha256);
        expect(got.summary.sha256, c.name).toBe(want.sha256);
      });
    }
    expect(cases.filter((c) => 'pools' in c && c.pools.length > 1).length).toBeGreaterThan(0);
  });
});

// Typed from ../shared/spec/draw-v1.md §6, not computed.
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
