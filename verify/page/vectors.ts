// The conformance vectors (docs/spec/vectors/README.md) run with draw-core: the one runner, used
// by this page's own built code (so CI proves that what a member of the public runs in the
// browser draws exactly as the spec says) and by tests/vectors.test.ts under Node. The schemas
// are the README's format, strict, so a field added or renamed without the README is caught.
// Each file's cases are checked one by one; a file of an unknown format or kind fails as a whole
// rather than being skipped.
import * as v from 'valibot';
import { allocate, rankCount } from '../../draw-core/allocate.ts';
import { bytesToHex, utf8ToBytes } from '../../draw-core/bytes.ts';
import { draw } from '../../draw-core/draw.ts';
import { DrawInputError } from '../../draw-core/errors.ts';
import { readPackage } from '../../draw-core/package.ts';
import { parsePoolFile } from '../../draw-core/pool-file.ts';
import { RandomStream } from '../../draw-core/random-stream.ts';
import { masterSeed, poolKey } from '../../draw-core/seed.ts';

export const VECTORS_FORMAT = 'draw-vectors/1';

export interface VectorResult {
  /** The file's kind, or the position of a file that could not be read as vectors. */
  readonly kind: string;
  readonly name: string;
  readonly ok: boolean;
  /** What differed, for a failing case. */
  readonly detail?: string;
}

const hex32 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const u64 = v.pipe(v.string(), v.regex(/^(0|[1-9][0-9]{0,19})$/), v.check((s) => BigInt(s) < 1n << 64n));
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const fileText = v.strictObject({ name: v.string(), text: v.string() });
const refusal = { accept: v.literal(false), rule: v.string(), line: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1))) };

/** Each kind's case, as the README writes it. */
export const CASES = {
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
      files: v.array(fileText),
      balls: v.string(),
      sealDigest: hex32,
      masterSeed: hex32,
      pools: v.array(v.strictObject({ id: v.string(), poolKey: hex32, file: v.string(), result: v.string(), sha256: hex32 })),
    }),
    v.strictObject({
      name: v.string(),
      files: v.array(fileText),
      error: v.strictObject({ rule: v.string(), file: v.string(), line: refusal.line }),
    }),
  ]),
} as const;

export type Kind = keyof typeof CASES;
export type Case<K extends Kind> = v.InferOutput<(typeof CASES)[K]>;

/** A vector file; its cases are checked against their kind's schema one by one. */
export const VectorFile = v.strictObject({
  format: v.literal(VECTORS_FORMAT),
  spec: v.literal('draw-v1'),
  kind: v.picklist(Object.keys(CASES) as Kind[]),
  about: v.string(),
  cases: v.pipe(v.array(v.looseObject({ name: v.string() })), v.minLength(1)),
});

const wordsOf = (stream: RandomStream, n: number) => Array.from({ length: n }, () => stream.nextU64().toString());

/** undefined when the case holds; else what differed. */
const RUN: { [K in Kind]: (c: Case<K>) => string | undefined } = {
  seed: (c) => same('masterSeed', bytesToHex(masterSeed(c.sealDigest, c.balls)), c.masterSeed),
  'pool-key': (c) => same('poolKey', bytesToHex(poolKey(hexBytes(c.masterSeed), c.poolId)), c.poolKey),
  stream: (c) => same('words', wordsOf(new RandomStream(hexBytes(c.key)), c.words.length), c.words),
  uniform: (c) => {
    // One stream draws; a second, read word by word, shows the words each call consumed.
    const drawing = new RandomStream(hexBytes(c.key));
    const reading = new RandomStream(hexBytes(c.key));
    for (const [i, call] of c.calls.entries()) {
      const differs = same(`call ${i + 1}: uniform(${call.m})`, drawing.uniform(call.m), call.value)
        ?? same(`call ${i + 1}: words consumed`, wordsOf(reading, call.words.length), call.words);
      if (differs) return differs;
    }
    return same('next word', drawing.nextU64().toString(), c.next) ?? same('next word read', reading.nextU64().toString(), c.next);
  },
  sampling: (c) => {
    const ranks = rankCount(c.weights.length, c.quota, c.alternates);
    return same('selected', [...allocate({ weights: Uint32Array.from(c.weights) }, ranks, hexBytes(c.key))], c.selected);
  },
  'pool-file': (c) => same('refusal', poolFileRefusal(c.text, c),
    c.accept ? undefined : { rule: c.rule, file: POOL_FILE, line: c.line }),
  package: (c) => {
    const got = packageRun(c.files, 'balls' in c ? c.balls : '');
    if ('error' in c) return same('refusal', got.error, c.error);
    return same('refusal', got.error, undefined) ?? same('result', got.result, { sealDigest: c.sealDigest, masterSeed: c.masterSeed, pools: c.pools });
  },
};

/** How a pool-file case names its file. */
const POOL_FILE = 'pool.csv';

/** Why draw-core refuses a pool file of `text` that the manifest says holds `counts`; undefined when it accepts it. */
export function poolFileRefusal(text: string, counts: { entries: number; totalWeight: number }): Refusal | undefined {
  return refused(() => parsePoolFile(utf8ToBytes(text), POOL_FILE, counts));
}

/** What draw-core makes of a package of `files` drawn with `balls`: its refusal, or the values a package case lists. */
export function packageRun(files: readonly { name: string; text: string }[], balls: string): { error?: Refusal; result?: PackageResult } {
  const bytes = new Map(files.map((f) => [f.name, utf8ToBytes(f.text)]));
  let result: PackageResult | undefined;
  const error = refused(() => {
    const pkg = readPackage({ describe: (name) => name, read: (name) => bytes.get(name) });
    const drawn = draw(pkg, balls, { file: 'balls' });
    const master = masterSeed(pkg.sealDigest, drawn.summary.balls);
    result = {
      sealDigest: pkg.sealDigest,
      masterSeed: drawn.summary.masterSeed,
      pools: drawn.pools.map((p) => ({
        id: p.summary.id, poolKey: bytesToHex(poolKey(master, p.summary.id)), file: p.summary.file,
        result: new TextDecoder().decode(p.csv), sha256: p.summary.sha256,
      })),
    };
  });
  return error ? { error } : { result: result! };
}

export interface Refusal {
  readonly rule: string;
  readonly file: string;
  readonly line?: number;
}

export interface PackageResult {
  readonly sealDigest: string;
  readonly masterSeed: string;
  readonly pools: readonly { id: string; poolKey: string; file: string; result: string; sha256: string }[];
}

/** The rule, file and line of the DrawInputError `run` throws, or undefined if it throws none. */
function refused(run: () => void): Refusal | undefined {
  try {
    run();
    return undefined;
  } catch (e) {
    if (!(e instanceof DrawInputError)) throw e;
    return { rule: e.rule, file: e.file, ...(e.line === undefined ? {} : { line: e.line }) };
  }
}

/** Runs every case of every vector file given as JSON text. */
export function runVectors(texts: readonly string[]): VectorResult[] {
  return texts.flatMap((text, i): VectorResult[] => {
    let file;
    try {
      file = v.parse(VectorFile, JSON.parse(text));
    } catch (e) {
      return [{ kind: `file ${i + 1}`, name: '(file)', ok: false, detail: `not a ${VECTORS_FORMAT} file of a known kind: ${String(e)}` }];
    }
    const kind = file.kind;
    return file.cases.map((raw): VectorResult => {
      try {
        const detail = RUN[kind](v.parse(CASES[kind], raw) as never);
        return detail === undefined ? { kind, name: raw.name, ok: true } : { kind, name: raw.name, ok: false, detail };
      } catch (e) {
        return { kind, name: raw.name, ok: false, detail: String(e) };
      }
    });
  });
}

function same(what: string, got: unknown, want: unknown): string | undefined {
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  return g === w ? undefined : `${what}: expected ${w}, got ${g}`;
}

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}
