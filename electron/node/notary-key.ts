// The notary's key (docs/JOURNAL.md, "The notary's MAC"). The PIN, stretched by scrypt with the
// salt journaled in the first event, keys an HMAC over every record's hash. The key lives only
// in memory while the ceremony is open; nothing on disk lets anyone recompute a MAC, so a journal
// rewritten while the kiosk was down (its plain hash chain recomputed) fails the MACs on resume.
// The MACs stay in the kiosk's SQLite file and are never published: with them, a short PIN could
// be found by trying every PIN.
import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { NotaryKdf } from '../../draw-core/ceremony.ts';
import type { Failure } from '../contract/failures.ts';

/** About 0.2 s per PIN on the stage PC: cheap for the notary, costly for trying a million PINs. */
const N = 65536;
export const MIN_PIN_LENGTH = 6;
export const MAX_PIN_LENGTH = 12;

/** Why a PIN cannot be set, or undefined when it can. */
export function pinProblem(pin: string): Failure | undefined {
  return new RegExp(`^[0-9]{${MIN_PIN_LENGTH},${MAX_PIN_LENGTH}}$`).test(pin) ? undefined : { kind: 'pin-invalid', minLength: MIN_PIN_LENGTH, maxLength: MAX_PIN_LENGTH };
}

export function newNotaryKdf(): NotaryKdf {
  return { kdf: 'scrypt', N, r: 8, p: 1, salt: randomBytes(16).toString('hex') };
}

export function deriveNotaryKey(pin: string, kdf: NotaryKdf): Buffer {
  return scryptSync(pin, Buffer.from(kdf.salt, 'hex'), 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r });
}

/** The MAC of one journal record: HMAC-SHA-256 over its chain hash, domain-separated. */
export function recordMac(key: Buffer, recordHash: string): string {
  return createHmac('sha256', key).update(`draw-journal-mac/1\n${recordHash}`).digest('hex');
}

/** Compares two hex MACs in constant time (never throws on a malformed one). */
export function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && x.length === y.length && timingSafeEqual(x, y);
}
