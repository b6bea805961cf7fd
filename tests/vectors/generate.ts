// Writes the conformance vectors of docs/spec/vectors/ (format: docs/spec/vectors/README.md)
// from draw-core. Every input is a constant or a digest of a fixed label, so the output is
// the same bytes on every run: tests/vectors.test.ts checks the committed files against it.
// Run: npm run vectors
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allocate, rankCount } from '../../draw-core/allocate.ts';
import { bytesToHex, utf8ToBytes } from '../../draw-core/bytes.ts';
import { RandomStream } from '../../draw-core/random-stream.ts';
import { masterSeed, poolKey } from '../../draw-core/seed.ts';
import { sha256, sha256Hex } from '../../draw-core/sha256.ts';
import { packageRun, poolFileRefusal, VECTORS_FORMAT } from '../../verify/page/vectors.ts';

export const VECTORS_DIR = fileURLToPath(new URL('../../docs/spec/vectors/', import.meta.url));

/** A 32-byte key (or digest) named by a label, so every case's input is reproducible by hand. */
const labelled = (label: string): Uint8Array => sha256(utf8ToBytes(label));
const labelledHex = (label: string): string => bytesToHex(labelled(label));

// Spec draw-v1 §6, package spec-a.
const SPEC_A_POOL = `code,weight\n${Array.from({ length: 10 }, (_, i) => `A0${i},1\n`).join('')}`;
const SPEC_A_MANIFEST = `{"format":"draw-package/1","period":"spec-a","title":"Spec A","seed":{"balls":6},"pools":[{"id":"P","name":"P","file":"P.csv","sha256":"${sha256Hex(utf8ToBytes(SPEC_A_POOL))}","entries":10,"totalWeight":10,"quota":3,"alternates":2}]}`;
const SPEC_A_SEAL = sha256Hex(utf8ToBytes(SPEC_A_MANIFEST));
const SPEC_A_MASTER = masterSeed(SPEC_A_SEAL, '123456');
const SPEC_A_KEY = poolKey(SPEC_A_MASTER, 'P');

function seedCases() {
  const otherDigest = labelledHex('vectors/seal');
  const inputs: [string, string, string][] = [
    ['spec-a (draw-v1 §6)', SPEC_A_SEAL, '123456'],
    ['leading zeros are significant: 007', otherDigest, '007'],
    ['leading zeros are significant: 7', otherDigest, '7'],
    ['all zeros', otherDigest, '000000'],
    ['one ball', otherDigest, '9'],
    ['32 balls (the most a package may ask for)', otherDigest, '01234567890123456789012345678901'],
  ];
  return inputs.map(([name, sealDigest, balls]) => ({ name, sealDigest, balls, masterSeed: bytesToHex(masterSeed(sealDigest, balls)) }));
}

function poolKeyCases() {
  const other = labelled('vectors/master');
  const inputs: [string, Uint8Array, string][] = [
    ['spec-a pool P (draw-v1 §6)', SPEC_A_MASTER, 'P'],
    ['ids are case-sensitive: p', SPEC_A_MASTER, 'p'],
    ['id with every punctuation allowed', other, '2026-11_personal.A'],
    ['one-character id', other, '0'],
    ['64-character id', other, 'x'.repeat(64)],
  ];
  return inputs.map(([name, master, poolId]) => ({ name, masterSeed: bytesToHex(master), poolId, poolKey: bytesToHex(poolKey(master, poolId)) }));
}

function words(key: Uint8Array, count: number): string[] {
  const stream = new RandomStream(key);
  return Array.from({ length: count }, () => String(stream.nextU64()));
}

function streamCases() {
  const inputs: [string, Uint8Array][] = [
    ['spec-a key K of pool P', SPEC_A_KEY],
    ['all-zero key', new Uint8Array(32)],
    ['key sha256("vectors/stream")', labelled('vectors/stream')],
  ];
  return inputs.map(([name, key]) => ({ name, key: bytesToHex(key), words: words(key, 12) }));
}

const TWO_64 = 1n << 64n;
/** L = m·⌊2^64/m⌋: a word at or above it is discarded (spec §3). */
const limit = (m: number): bigint => BigInt(m) * (TWO_64 / BigInt(m));
/** About one word in 2049 is discarded for this m (L = 2048·m, 2^64 − L just under m). */
const DISCARD_M = Number(TWO_64 / 2049n) + 1;

/**
 * A uniform case: draw-core's uniform gives the values; a second stream read word by word
 * splits the words among the calls (discarded while ≥ L), and must end on a word whose
 * remainder is draw-core's value: the two readings of §3 check each other.
 */
function uniformCase(name: string, key: Uint8Array, ms: readonly number[]) {
  const drawn = new RandomStream(key);
  const read = new RandomStream(key);
  const calls = ms.map((m) => {
    const value = drawn.uniform(m);
    const used: bigint[] = [];
    do used.push(read.nextU64()); while (used.at(-1)! >= limit(m));
    if (Number(used.at(-1)! % BigInt(m)) !== value) throw new Error(`${name}: uniform(${m}) disagrees with the words read`);
    return { m, value, words: used.map(String) };
  });
  const next = drawn.nextU64();
  if (read.nextU64() !== next) throw new Error(`${name}: the calls consumed a different number of words`);
  return { name, key: bytesToHex(key), calls, next: String(next) };
}

/** The first label `${prefix}N` whose key makes `found` true. */
function searchKey(prefix: string, found: (key: Uint8Array) => boolean): Uint8Array {
  for (let n = 0; ; n++) {
    const key = labelled(`${prefix}${n}`);
    if (found(key)) return key;
  }
}

function uniformCases() {
  const discardKey = searchKey('vectors/uniform-discard/', (key) => new RandomStream(key).nextU64() >= limit(DISCARD_M));
  // A word in the top 2^53 is compared with L itself; for m = 10 it is still below L.
  const highKey = searchKey('vectors/uniform-high/', (key) => new RandomStream(key).nextU64() >> 32n >= 0xffe00000n);
  return [
    uniformCase('spec-a pool P: the allocation W = 10, 9, 8, 7, 6', SPEC_A_KEY, [10, 9, 8, 7, 6]),
    uniformCase('m = 1 always gives 0 and still consumes a word', labelled('vectors/uniform-one'), [1, 1, 1]),
    uniformCase('m across the range: 2^21 ± 1, 2^32 ± 1, 2^53 - 1', labelled('vectors/uniform-range'),
      [2 ** 21 - 1, 2 ** 21, 2 ** 21 + 1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 52 + 1, Number.MAX_SAFE_INTEGER]),
    uniformCase(`discard: the first word is >= L for m = ${DISCARD_M}`, discardKey, [DISCARD_M, DISCARD_M, 10]),
    uniformCase('a word in the top 2^53 that is still below L is accepted', highKey, [10, 2 ** 40 + 7]),
  ];
}

function samplingCase(name: string, key: Uint8Array, weights: number[], quota: number, alternates: number) {
  const selected = allocate({ weights: Uint32Array.from(weights) }, rankCount(weights.length, quota, alternates), key);
  return { name, key: bytesToHex(key), weights, quota, alternates, selected: Array.from(selected) };
}

function samplingCases() {
  const key = (n: number) => labelled(`vectors/sampling/${n}`);
  const upTo13 = (n: number, step: number) => Array.from({ length: n }, (_, i) => ((i * step) % 13) + 1);
  return [
    samplingCase('spec-a pool P: weights 1, quota 3, alternates 2', SPEC_A_KEY, Array(10).fill(1), 3, 2),
    samplingCase('weights 1..13, quota 5, alternates 5', key(1), upTo13(40, 7), 5, 5),
    samplingCase('weights 1..13 over 300 entries (several blocks of 64), quota 40, alternates 20', key(2), upTo13(300, 5), 40, 20),
    samplingCase('one heavy entry (13) among weights 1', key(3), Array.from({ length: 100 }, (_, i) => (i === 57 ? 13 : 1)), 20, 10),
    samplingCase('weights up to 1000000 beside weights 1', key(4), Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? 1_000_000 : i + 1)), 6, 4),
    samplingCase('quota > n: every entry is a winner, no alternate', key(5), [3, 1, 13, 2, 7, 1], 10, 3),
    samplingCase('quota < n < quota + alternates: the alternates run out', key(6), [2, 2, 5, 1, 13, 1, 1, 4], 5, 10),
    samplingCase('quota + alternates = n', key(7), upTo13(12, 3), 7, 5),
    samplingCase('zero quota: alternates only', key(8), upTo13(15, 2), 0, 4),
    samplingCase('zero quota, zero alternates: nothing drawn', key(9), [1, 2, 3], 0, 0),
    samplingCase('a single entry', key(10), [13], 1, 0),
  ];
}

type PoolFileCase = { name: string; text: string; entries: number; totalWeight: number };

function poolFileCase(c: PoolFileCase) {
  const refusal = poolFileRefusal(c.text, c);
  return refusal ? { ...c, accept: false, rule: refusal.rule, ...(refusal.line === undefined ? {} : { line: refusal.line }) } : { ...c, accept: true };
}

/** A case whose entries and weight sum are read from its own lines (what a correct manifest says). */
function counted(name: string, text: string): PoolFileCase {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/).slice(1).filter((l) => l !== '');
  const weight = (l: string) => {
    const w = Number(l.split(',')[1]);
    return Number.isSafeInteger(w) ? w : 0;
  };
  return { name, text, entries: lines.length, totalWeight: lines.reduce((sum, l) => sum + weight(l), 0) };
}

function poolFileCases() {
  const h = 'code,weight\n';
  const cases: PoolFileCase[] = [
    // Accepted.
    counted('minimal', `${h}A,1\n`),
    counted('UTF-8 BOM is ignored', `\ufeff${h}A,1\nB,2\n`),
    counted('CRLF line endings', 'code,weight\r\nA,1\r\nB,2\r\n'),
    counted('LF and CRLF mixed', 'code,weight\r\nA,1\nB,2\r\n'),
    counted('no final newline', `${h}A,1\nB,2`),
    counted('byte order: - < digits < upper case < _ < lower case, a prefix first', `${h}-,1\n0,1\n9,1\nA,1\nA-,1\nA0,1\nZ,1\n_,1\na,1\nz,1\n`),
    counted('byte order, not numeric order: 10 before 9', `${h}10,1\n9,1\n`),
    counted('64-character code', `${h}${'C'.repeat(64)},1\n`),
    counted('weight 1000000', `${h}A,1000000\nB,13\n`),
    counted('header only: an empty pool', h),
    counted('header only, no newline', 'code,weight'),
    // Refused, one rule each.
    counted('header with a semicolon', 'code;weight\nA,1\n'),
    counted('header in another case', 'Code,weight\nA,1\n'),
    counted('header with a third column', 'code,weight,name\nA,1\n'),
    counted('lone CR after the header', 'code,weight\rA,1\n'),
    counted('lone CR after an entry', `${h}A,1\rB,1\n`),
    counted('empty line between entries', `${h}A,1\n\nB,1\n`),
    counted('two final newlines', `${h}A,1\n\n`),
    counted('two final CRLFs', 'code,weight\r\nA,1\r\n\r\n'),
    counted('three fields', `${h}A,1,2\n`),
    counted('code without weight', `${h}A\n`),
    counted('space in a code', `${h}A B,1\n`),
    counted('dot in a code (allowed in ids, not in codes)', `${h}A.1,1\n`),
    counted('non-ASCII code', `${h}Ä,1\n`),
    counted('quoted code', `${h}"A",1\n`),
    counted('empty code', `${h},1\n`),
    counted('65-character code', `${h}${'C'.repeat(65)},1\n`),
    counted('leading zero in a weight', `${h}A,01\n`),
    counted('sign in a weight', `${h}A,+1\n`),
    counted('decimal point in a weight', `${h}A,1.0\n`),
    counted('space before a weight', `${h}A, 1\n`),
    counted('space after a weight', `${h}A,1 \n`),
    counted('missing weight after the comma', `${h}A,\n`),
    counted('weight 0', `${h}A,0\nB,1\n`),
    counted('weight 1000001', `${h}A,1000001\n`),
    counted('weight of 20 digits', `${h}A,99999999999999999999\n`),
    counted('repeated code', `${h}A,1\nA,1\n`),
    counted('descending codes', `${h}B,1\nA,1\n`),
    counted('lower case before upper case', `${h}a,1\nB,1\n`),
    counted('longer code before its prefix', `${h}A0,1\nA,1\n`),
    counted('numeric order instead of byte order: 9 before 10', `${h}9,1\n10,1\n`),
    counted('underscore before upper case', `${h}_,1\nA,1\n`),
    { name: 'more entries than the manifest says', text: `${h}A,1\nB,1\n`, entries: 1, totalWeight: 1 },
    { name: 'fewer entries than the manifest says', text: `${h}A,1\nB,1\n`, entries: 3, totalWeight: 2 },
    { name: 'weights sum differs from the manifest', text: `${h}A,1\nB,2\n`, entries: 2, totalWeight: 4 },
  ];
  return cases.map(poolFileCase);
}

interface PackagePool {
  id: string;
  name: string;
  file?: string;
  entries: [string, number][];
  quota: number;
  /** Left out of the manifest when undefined (the spec's default is 0). */
  alternates?: number;
  /** Line ending and BOM of the pool file. */
  crlf?: boolean;
  bom?: boolean;
}

function poolText(p: PackagePool): string {
  const nl = p.crlf ? '\r\n' : '\n';
  return `${p.bom ? '\ufeff' : ''}${['code,weight', ...p.entries.map(([c, w]) => `${c},${w}`)].join(nl)}${nl}`;
}

/** manifest.json and the pool files of a package; `edit` changes the manifest object to make a refused case. */
function packageFiles(period: string, title: string, balls: number, pools: PackagePool[], edit?: (manifest: Record<string, unknown>) => void) {
  const files = pools.map((p) => ({ name: p.file ?? `${p.id}.csv`, text: poolText(p) }));
  const manifest: Record<string, unknown> = {
    format: 'draw-package/1',
    period,
    title,
    seed: { balls },
    pools: pools.map((p, i) => ({
      id: p.id,
      name: p.name,
      file: files[i]!.name,
      sha256: sha256Hex(utf8ToBytes(files[i]!.text)),
      entries: p.entries.length,
      totalWeight: p.entries.reduce((sum, [, w]) => sum + w, 0),
      quota: p.quota,
      ...(p.alternates === undefined ? {} : { alternates: p.alternates }),
    })),
  };
  edit?.(manifest);
  return [{ name: 'manifest.json', text: JSON.stringify(manifest) }, ...files];
}

function packageCase(name: string, files: { name: string; text: string }[], balls: string) {
  const { error, result } = packageRun(files, balls);
  return error ? { name, files, error } : { name, files, balls, ...result! };
}

/** The manifest of a one-pool package written another way: the seal digest covers these bytes as they are. */
function looseManifest(p: PackagePool): string {
  const text = poolText(p);
  const weight = p.entries.reduce((sum, [, w]) => sum + w, 0);
  return `{
  "pools": [ { "quota": ${p.quota}.0, "alternates": ${p.alternates ?? 0}e0, "totalWeight": ${weight}, "entries": ${p.entries.length},
    "sha256": "${sha256Hex(utf8ToBytes(text))}", "file": "${p.id}.csv", "name": "${p.name}", "id": "${p.id}" } ],
  "seed": { "balls": 6 }, "title": "Loose", "period": "loose-1", "format": "draw-package/1"
}
`;
}

/** `count` codes PREFIX0001… with weights cycling 1..13 from `start`. */
function codes(prefix: string, count: number, start = 0): [string, number][] {
  return Array.from({ length: count }, (_, i) => [`${prefix}${String(i + 1).padStart(4, '0')}`, ((start + i * 5) % 13) + 1]);
}

function packageCases() {
  const ones = (prefix: string, count: number) => codes(prefix, count).map(([c]): [string, number] => [c, 1]);
  const three: PackagePool[] = [
    { id: 'personal', name: '个人普通小客车', entries: codes('P26', 60), quota: 8, alternates: 4 },
    { id: 'unit', name: '单位普通小客车', entries: codes('U26', 5, 3), quota: 7, alternates: 2 },
    { id: 'ev.personal', name: '个人新能源小客车', entries: codes('E26', 25, 7), quota: 0, alternates: 3 },
  ];
  const small: PackagePool = { id: 'P', name: 'P', entries: ones('A', 5), quota: 2, alternates: 1 };
  return [
    packageCase('spec-a (draw-v1 §6)', [{ name: 'manifest.json', text: SPEC_A_MANIFEST }, { name: 'P.csv', text: SPEC_A_POOL }], '123456'),
    packageCase('three pools: weights up to 13, quota > n, zero quota with alternates', packageFiles('2026-11', '海南省2026年11月小客车增量指标配置', 8, three), '04821307'),
    packageCase('an empty pool, a pool with no ranks, alternates left out', packageFiles('2026-12', 'Empty and zero', 6, [
      { id: 'empty', name: 'Empty', entries: [], quota: 5, alternates: 5 },
      { id: 'none', name: 'None drawn', entries: ones('N', 4), quota: 0, alternates: 0 },
      { id: 'default-alternates', name: 'Alternates left out', entries: codes('D', 9), quota: 3 },
    ]), '000000'),
    packageCase('pool file with BOM and CRLF, named differently from its pool', packageFiles('crlf-1', 'CRLF', 4, [
      { id: 'A_1', name: 'A', file: 'list of A.csv', entries: codes('x-', 30), quota: 4, alternates: 2, crlf: true, bom: true },
    ]), '9999'),
    packageCase('32 balls', packageFiles('balls-32', '32 balls', 32, [{ ...small, entries: codes('Q', 40), quota: 5, alternates: 5 }]),
      '31415926535897932384626433832795'),
    packageCase('manifest with a UTF-8 BOM, whitespace, keys in another order and integers written 3.0 and 2e0',
      [{ name: 'manifest.json', text: `\ufeff${looseManifest(small)}` }, { name: 'P.csv', text: poolText(small) }], '000001'),
    packageCase('refused: a pool file whose SHA-256 differs from the manifest', packageFiles('bad-1', 'Bad', 6, [small], (m) => {
      (m.pools as Record<string, unknown>[])[0]!.sha256 = labelledHex('not the file');
    }), '123456'),
    packageCase('refused: misspelt key "alternate" in a pool', packageFiles('bad-2', 'Bad', 6, [small], (m) => {
      (m.pools as Record<string, unknown>[])[0]!.alternate = 1;
    }), '123456'),
    packageCase('refused: another package format', packageFiles('bad-3', 'Bad', 6, [small], (m) => {
      m.format = 'draw-package/2';
    }), '123456'),
    packageCase('refused: a pool file missing', packageFiles('bad-4', 'Bad', 6, [small]).filter((f) => f.name !== 'P.csv'), '123456'),
    packageCase('refused: a pool file name holding a line break', packageFiles('bad-6', 'Bad', 6, [{ ...small, file: 'P\n.csv' }]), '123456'),
    packageCase('refused: codes out of order in a pool file', packageFiles('bad-5', 'Bad', 6, [
      { ...small, entries: [['A2', 1], ['A1', 1], ['A3', 1]] },
    ]), '123456'),
  ];
}

const KINDS = [
  ['seed.json', 'seed', 'master seed M = H(LP("draw/v1/master") || LP(sealDigest) || LP(balls)) (draw-v1 §2)', seedCases],
  ['pool-key.json', 'pool-key', 'pool key K = H(LP("draw/v1/pool") || LP(M) || LP(poolId)) (draw-v1 §2)', poolKeyCases],
  ['stream.json', 'stream', 'the first 64-bit words of the random stream of a key (draw-v1 §3)', streamCases],
  ['uniform.json', 'uniform', 'uniform(m) calls on one stream, with the words each consumed; discards included (draw-v1 §3)', uniformCases],
  ['sampling.json', 'sampling', 'weighted sampling without replacement: entry indices in rank order (draw-v1 §4)', samplingCases],
  ['pool-files.json', 'pool-file', 'pool CSV files accepted or refused, with the rule broken (draw-v1 §1)', poolFileCases],
  ['packages.json', 'package', 'whole packages and balls to result files, and refused packages (draw-v1 §1-§5)', packageCases],
] as const;

/** Every vector file: name and exact text (two-space JSON, final newline). */
export function vectorFiles(): { name: string; text: string }[] {
  return KINDS.map(([name, kind, about, cases]) => ({
    name,
    text: `${JSON.stringify({ format: VECTORS_FORMAT, spec: 'draw-v1', kind, about, cases: cases() }, null, 2)}\n`,
  }));
}

if (import.meta.main) {
  const files = vectorFiles();
  // A file of a kind no longer generated would otherwise stay and still be run.
  for (const old of readdirSync(VECTORS_DIR)) {
    if (old.endsWith('.json') && !files.some((f) => f.name === old)) rmSync(join(VECTORS_DIR, old));
  }
  for (const f of files) writeFileSync(join(VECTORS_DIR, f.name), f.text);
  console.log(`wrote ${files.length} vector files to ${VECTORS_DIR}`);
}
