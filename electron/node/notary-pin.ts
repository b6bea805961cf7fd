// The notary's PIN: only a salted scrypt hash is kept, in the ceremony folder beside the
// journal (not in the journal, which is published in the bundle: a short PIN's hash
// would be found by trying every PIN).
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFileDurably } from './files.ts';

const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 2 ** 20 } as const;
const KEY_LENGTH = 32;
export const MIN_PIN_LENGTH = 6;

interface StoredPin {
  scheme: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  hash: string;
}

/** A PIN problem in words for the notary, or undefined when the PIN is acceptable. */
export function pinProblem(pin: string): { zh: string; en: string } | undefined {
  return /^[0-9]{6,12}$/.test(pin) ? undefined : { zh: `PIN 须为 ${MIN_PIN_LENGTH}–12 位数字`, en: `the PIN must be ${MIN_PIN_LENGTH} to 12 digits` };
}

export function storePin(path: string, pin: string): void {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, KEY_LENGTH, PARAMS);
  const stored: StoredPin = { scheme: 'scrypt', N: PARAMS.N, r: PARAMS.r, p: PARAMS.p, salt: salt.toString('hex'), hash: hash.toString('hex') };
  writeFileDurably(path, new TextEncoder().encode(`${JSON.stringify(stored)}\n`));
}

export function pinMatches(path: string, pin: string): boolean {
  const stored = JSON.parse(readFileSync(path, 'utf8')) as StoredPin;
  const hash = scryptSync(pin, Buffer.from(stored.salt, 'hex'), KEY_LENGTH, { N: stored.N, r: stored.r, p: stored.p, maxmem: PARAMS.maxmem });
  return timingSafeEqual(hash, Buffer.from(stored.hash, 'hex'));
}
