// Sealing a package (spec draw-v1 §1) from the management system's code lists: sort,
// check, write the pool files and the manifest, then read the result back through the
// very reader the ceremony uses, so a sealed package is conformant by construction.
import { ascii, utf8ToBytes } from './bytes.ts';
import { fail, failWith, type Place } from './errors.ts';
import { checkBallCount, checkCount, checkFileName, checkPeriod, checkPoolId, checkText, MANIFEST_FILE, PACKAGE_FORMAT } from './manifest.ts';
import { readPackage } from './package.ts';
import { afterBom, afterNewline, compareCodes, lineEnd, readEntryLine } from './pool-file.ts';
import { sha256, sha256Hex, type Sha256 } from './sha256.ts';

export interface SealPoolInput {
  readonly id: string;
  readonly name: string;
  readonly quota: number;
  readonly alternates: number;
  /** The codes file: one code per line, or `code,weight` lines, any order, optional header. */
  readonly codes: Uint8Array;
  /** How errors name the codes file. */
  readonly codesFile: string;
  /** How errors name this pool's settings, e.g. "--pool #2". */
  readonly place: Place;
}

export interface SealInput {
  readonly period: string;
  readonly title: string;
  readonly balls: number;
  readonly pools: readonly SealPoolInput[];
  /** How errors name the package-level settings. */
  readonly place: Place;
}

export interface SealedFiles {
  /** manifest.json first, then one `<poolId>.csv` per pool. */
  readonly files: readonly { readonly name: string; readonly bytes: Uint8Array }[];
  readonly sealDigest: string;
}

export function sealPackage(input: SealInput, hash: Sha256 = sha256): SealedFiles {
  for (const p of [checkPeriod(input.period), checkText('title', input.title), checkBallCount(input.balls)]) {
    if (p) failWith(input.place, p);
  }
  const ids = new Set<string>();
  const poolFiles = input.pools.map((pool) => {
    for (const p of [checkPoolId(pool.id), checkText('pool-name', pool.name), checkCount('pool-quota', pool.quota), checkCount('pool-alternates', pool.alternates)]) {
      if (p) failWith(pool.place, p);
    }
    if (ids.has(pool.id)) fail(pool.place, 'pool-id-unique', `池编号重复：${pool.id}`, `duplicate pool id: ${pool.id}`);
    ids.add(pool.id);
    const file = `${pool.id}.csv`;
    const nameProblem = checkFileName(file);
    if (nameProblem) failWith(pool.place, nameProblem);
    return { pool, file, ...sortedPoolFile(pool.codes, pool.codesFile) };
  });
  const manifest = {
    format: PACKAGE_FORMAT,
    period: input.period,
    title: input.title,
    seed: { balls: input.balls },
    pools: poolFiles.map(({ pool, file, bytes, entries, totalWeight }) => ({
      id: pool.id,
      name: pool.name,
      file,
      sha256: sha256Hex(bytes, hash),
      entries,
      totalWeight,
      quota: pool.quota,
      alternates: pool.alternates,
    })),
  };
  const files = [
    { name: MANIFEST_FILE, bytes: utf8ToBytes(JSON.stringify(manifest)) },
    ...poolFiles.map(({ file, bytes }) => ({ name: file, bytes })),
  ];
  const byName = new Map(files.map((f) => [f.name, f.bytes]));
  const pkg = readPackage({ describe: (name) => name, read: (name) => byName.get(name) }, hash);
  return { files, sealDigest: pkg.sealDigest };
}

const HEADERS = new Set(['code', 'code,weight']);

/** Reads a codes file in any order and writes it as a spec pool file, sorted by code bytes. */
function sortedPoolFile(codes: Uint8Array, file: string): { bytes: Uint8Array; entries: number; totalWeight: number } {
  let pos = afterBom(codes);
  let line = 1;
  const firstEnd = lineEnd(codes, pos);
  if (HEADERS.has(ascii(codes, pos, Math.min(firstEnd, pos + 16)))) {
    pos = afterNewline(codes, firstEnd, { file, line });
    line = 2;
  }
  const capacity = Math.floor((codes.length - pos + 1) / 2); // shortest line: "A\n"
  const starts = new Uint32Array(capacity);
  const lengths = new Uint8Array(capacity);
  const weights = new Uint32Array(capacity);
  const lines = new Uint32Array(capacity);
  let n = 0;
  let totalWeight = 0;
  for (; pos < codes.length; line++, n++) {
    const entry = readEntryLine(codes, pos, file, line, true);
    starts[n] = entry.codeStart;
    lengths[n] = entry.codeLength;
    weights[n] = entry.weight;
    lines[n] = line;
    totalWeight += entry.weight;
    pos = entry.next;
  }

  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => compareCodes(codes, starts[a]!, lengths[a]!, codes, starts[b]!, lengths[b]!));

  let size = 'code,weight\n'.length;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (k > 0) {
      const prev = order[k - 1]!;
      if (compareCodes(codes, starts[prev]!, lengths[prev]!, codes, starts[i]!, lengths[i]!) === 0) {
        const [first, second] = [lines[prev]!, lines[i]!].sort((x, y) => x - y);
        const code = ascii(codes, starts[i]!, starts[i]! + lengths[i]!);
        fail({ file, line: second }, 'code-unique', `编码 ${code} 重复：第 ${first} 行与第 ${second} 行`, `code ${code} appears twice: lines ${first} and ${second}`);
      }
    }
    size += lengths[i]! + 1 + String(weights[i]!).length + 1;
  }

  const out = new Uint8Array(size);
  let at = 0;
  for (const b of utf8ToBytes('code,weight\n')) out[at++] = b;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    out.set(codes.subarray(starts[i]!, starts[i]! + lengths[i]!), at);
    at += lengths[i]!;
    out[at++] = 0x2c;
    for (const ch of String(weights[i]!)) out[at++] = ch.charCodeAt(0);
    out[at++] = 0x0a;
  }
  return { bytes: out, entries: n, totalWeight };
}
