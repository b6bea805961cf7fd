// SHA-256 as draw-core uses it. Bulk file digests may be handed a native
// implementation (Node's OpenSSL) for speed; the default is @noble/hashes, and both
// are checked against the same vectors.
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from './bytes.ts';

export type Sha256 = (data: Uint8Array) => Uint8Array;

export const sha256: Sha256 = (data) => nobleSha256(data);

export function sha256Hex(data: Uint8Array, hash: Sha256 = sha256): string {
  return bytesToHex(hash(data));
}
