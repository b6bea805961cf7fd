// The conformance vectors (docs/spec/vectors/README.md) run with this page's own built
// draw-core, so CI proves that the code a member of the public runs in the browser draws
// exactly as the spec says. Each file's cases are checked one by one; a file of an unknown
// format or kind fails as a whole rather than being skipped.
import * as v from 'valibot';
import { allocate, rankCount } from '../../draw-core/allocate.ts';
import { bytesToHex, utf8ToBytes } from '../../draw-core/bytes.ts';
import { draw } from '../../draw-core/draw.ts';
import { DrawInputError } from '../../draw-core/errors.ts';
import { readPackage } from '../../draw-core/package.ts';
import { parsePoolFile } from '../../draw-core/pool-file.ts';
import { RandomStream } from '../../draw-core/random-stream.ts';
import { masterSeed, poolKey } from '../../draw-core/seed.ts';
import { sha256Hex } from '../../draw-core/sha256.ts';

export interface VectorResult {
  /** The file's kind, or the position of a file that could not be read as vectors. */
  readonly kind: string;
  readonly name: string;
  readonly ok: boolean;
  /** What differed, for a failing case. */
  readonly detail?: string;
}

const hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const word = v.pipe(v.string(), v.regex(/^[0-9]{1,20}$/));
const int = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const named = <T extends v.ObjectEntries>(entries: T) => v.object({ name: v.string(), ...entries });
const fileText = v.object({ name: v.string(), text: v.string() });

const CASES = {
  seed: named({ sealDigest: hex64, balls: v.string(), masterSeed: hex64 }),
  'pool-key': named({ masterSeed: hex64, poolId: v.string(), poolKey: hex64 }),
  stream: named({ key: hex64, words: v.array(word) }),
  uniform: named({ key: hex64, calls: v.array(v.object({ m: int, value: int, words: v.array(word) })), next: word }),
  sampling: named({ key: hex64, weights: v.array(int), quota: int, alternates: int, selected: v.array(int) }),
  'pool-file': named({
    text: v.string(), entries: int, totalWeight: int, accept: v.boolean(), rule: v.optional(v.string()), line: v.optional(int),
  }),
  package: named({
    files: v.array(fileText),
    balls: v.optional(v.string()),
    sealDigest: v.optional(hex64),
    masterSeed: v.optional(hex64),
    pools: v.optional(v.array(v.object({ id: v.string(), poolKey: hex64, file: v.string(), result: v.string(), sha256: hex64 }))),
    error: v.optional(v.object({ rule: v.string(), file: v.string(), line: v.optional(int) })),
  }),
} as const;

type Kind = keyof typeof CASES;
type Case<K extends Kind> = v.InferOutput<(typeof CASES)[K]>;

const VectorFile = v.object({
  format: v.literal('draw-vectors/1'),
  spec: v.literal('draw-v1'),
  kind: v.picklist(Object.keys(CASES) as Kind[]),
  cases: v.array(v.looseObject({ name: v.string() })),
});

/** undefined when the case holds; else what differed. */
const RUN: { [K in Kind]: (c: Case<K>) => string | undefined } = {
  seed: (c) => same('masterSeed', bytesToHex(masterSeed(c.sealDigest, c.balls)), c.masterSeed),
  'pool-key': (c) => same('poolKey', bytesToHex(poolKey(hexBytes(c.masterSeed), c.poolId)), c.poolKey),
  stream: (c) => {
    const stream = new RandomStream(hexBytes(c.key));
    return same('words', c.words.map(() => stream.nextU64().toString()), c.words);
  },
  uniform: (c) => {
    const stream = new RandomStream(hexBytes(c.key));
    const values = c.calls.map((call) => stream.uniform(call.m));
    return same('values', values, c.calls.map((call) => call.value)) ?? same('next word', stream.nextU64().toString(), c.next);
  },
  sampling: (c) => {
    const ranks = rankCount(c.weights.length, c.quota, c.alternates);
    return same('selected', [...allocate({ weights: Uint32Array.from(c.weights) }, ranks, hexBytes(c.key))], c.selected);
  },
  'pool-file': (c) => {
    const refusal = refused(() => parsePoolFile(utf8ToBytes(c.text), 'pool.csv', c));
    return same('refusal', refusal && { rule: refusal.rule, line: refusal.line }, c.accept ? undefined : { rule: c.rule, line: c.line });
  },
  package: (c) => {
    const files = new Map(c.files.map((f) => [f.name, utf8ToBytes(f.text)]));
    let result: { sealDigest: string; masterSeed: string; pools: unknown[] } | undefined;
    const refusal = refused(() => {
      const pkg = readPackage({ describe: (name) => name, read: (name) => files.get(name) });
      const drawn = draw(pkg, c.balls ?? '', { file: 'balls' });
      const master = masterSeed(pkg.sealDigest, drawn.summary.balls);
      result = {
        sealDigest: pkg.sealDigest,
        masterSeed: drawn.summary.masterSeed,
        pools: drawn.pools.map((p) => ({
          id: p.summary.id, poolKey: bytesToHex(poolKey(master, p.summary.id)), file: p.summary.file,
          result: new TextDecoder().decode(p.csv), sha256: sha256Hex(p.csv),
        })),
      };
    });
    if (c.error) return same('refusal', refusal, { rule: c.error.rule, file: c.error.file, line: c.error.line });
    return same('refusal', refusal, undefined) ?? same('result', result, { sealDigest: c.sealDigest, masterSeed: c.masterSeed, pools: c.pools });
  },
};

/** The rule, file and line of the DrawInputError `run` throws, or undefined if it throws none. */
function refused(run: () => void): { rule: string; file: string; line: number | undefined } | undefined {
  try {
    run();
    return undefined;
  } catch (e) {
    if (!(e instanceof DrawInputError)) throw e;
    return { rule: e.rule, file: e.file, line: e.line };
  }
}

/** Runs every case of every vector file given as JSON text. */
export function runVectors(texts: readonly string[]): VectorResult[] {
  return texts.flatMap((text, i): VectorResult[] => {
    let file;
    try {
      file = v.parse(VectorFile, JSON.parse(text));
    } catch (e) {
      return [{ kind: `file ${i + 1}`, name: '(file)', ok: false, detail: `not a draw-vectors/1 file of a known kind: ${String(e)}` }];
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
