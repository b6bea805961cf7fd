// What a ball reading from the machine means for the draw (ball-machine protocol, "Rules
// the app enforces"). Only `accept` becomes a ball; an alarm halts the draw; everything
// else is ignored and logged.
import type { BallAlarm, CeremonyState } from './ceremony.ts';

export type BallVerdict =
  | { readonly kind: 'accept' }
  /** The same digit again for an accepted index. */
  | { readonly kind: 'duplicate' }
  /** An index beyond the package's ball count. */
  | { readonly kind: 'extra' }
  /** The draw is halted by an open alarm, or not taking balls (before the digest, after the seed). */
  | { readonly kind: 'halted' }
  | { readonly kind: 'not-drawing' }
  /** The host decided this index is entered by hand. */
  | { readonly kind: 'manual-expected' }
  | { readonly kind: 'alarm'; readonly alarm: BallAlarm };

export function judgeReading(state: CeremonyState, n: number, digit: string, reading: string): BallVerdict {
  if (!state.sealDigestConfirmed || state.seed !== undefined || !state.package) return { kind: 'not-drawing' };
  if (state.alarm) return { kind: 'halted' };
  const accepted = state.balls.length;
  if (n <= accepted) {
    return state.balls[n - 1] === digit ? { kind: 'duplicate' } : { kind: 'alarm', alarm: { kind: 'conflict', n, digit, expected: accepted + 1, reading } };
  }
  if (n > state.package.balls) return { kind: 'extra' };
  if (n > accepted + 1) return { kind: 'alarm', alarm: { kind: 'skip', n, digit, expected: accepted + 1, reading } };
  return state.nextBallFrom === 'manual' ? { kind: 'manual-expected' } : { kind: 'accept' };
}
