// The seed (spec draw-v1 §2): balls → master seed M → one key K per pool.
import { lpConcat } from './bytes.ts';
import { problem, type Problem } from './errors.ts';
import { sha256 } from './sha256.ts';

/** The balls must be exactly `count` digits 0..9, in draw order. */
export function checkBalls(balls: string, count: number): Problem | undefined {
  return new RegExp(`^[0-9]{${count}}$`).test(balls)
    ? undefined
    : problem('seed-balls', `须为恰好 ${count} 个数字 0–9（包内 seed.balls），实为 "${balls}"`, `balls must be exactly ${count} digits 0-9 (the package's seed.balls), got "${balls}"`);
}

/** M = H( LP("draw/v1/master") || LP(sealDigestHex) || LP(S) ). */
export function masterSeed(sealDigestHex: string, balls: string): Uint8Array {
  return sha256(lpConcat('draw/v1/master', sealDigestHex, balls));
}

/** K = H( LP("draw/v1/pool") || LP(M) || LP(poolId) ). */
export function poolKey(master: Uint8Array, poolId: string): Uint8Array {
  return sha256(lpConcat('draw/v1/pool', master, poolId));
}
