// Byte helpers for the spec's encodings (draw-v1 §2): UTF-8 strings and LP(x).
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** LP(x): 4-byte big-endian length of x, then x. Strings are taken as UTF-8. */
export function lp(x: Uint8Array | string): Uint8Array {
  const bytes = typeof x === 'string' ? utf8ToBytes(x) : x;
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length, false);
  out.set(bytes, 4);
  return out;
}

export function lpConcat(...parts: (Uint8Array | string)[]): Uint8Array {
  return concatBytes(...parts.map(lp));
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes UTF-8, dropping one leading BOM; returns undefined on invalid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Decodes bytes already known to be ASCII (codes). */
export function ascii(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}
