// Where a headless ceremony's balls come from: `simulate:DIGITS[@MS]` or `stdin`.
// A feed is asked for ball n on; after a restart it resumes at the first ball not journaled.
import { createInterface } from 'node:readline';
import type { BallSource } from '../../draw-core/ceremony.ts';
import { usageError } from './usage.ts';

export interface FedBall {
  readonly digit: string;
  readonly source: BallSource;
  readonly reading: string;
}

export interface BallFeed {
  /** The reading for ball n (1-based), or undefined when the feed has ended. */
  next(n: number): Promise<FedBall | undefined>;
  close(): void;
}

export function ballFeed(spec: string, balls: number, warn: (line: string) => void): BallFeed {
  const simulate = /^simulate:([0-9]+)(?:@([0-9]+))?$/.exec(spec);
  if (simulate) {
    const digits = simulate[1]!;
    const interval = Number(simulate[2] ?? '0');
    if (digits.length !== balls) usageError('ceremony', `simulate: 须给出恰好 ${balls} 个数字`, `simulate: needs exactly ${balls} digits (the package's seed.balls)`);
    return {
      next: async (n) => {
        await new Promise((resolve) => setTimeout(resolve, interval));
        return { digit: digits[n - 1]!, source: 'simulator', reading: `simulate:${digits}@${interval} ball ${n}` };
      },
      close: () => undefined,
    };
  }
  if (spec === 'stdin') return stdinFeed(warn);
  usageError('ceremony', `--balls-from 须为 simulate:DIGITS[@MS] 或 stdin，实为 "${spec}"`, `--balls-from must be simulate:DIGITS[@MS] or stdin, got "${spec}"`);
}

/** One digit a line, typed or piped; a line that is not one digit is reported and skipped. */
function stdinFeed(warn: (line: string) => void): BallFeed {
  let lines: AsyncIterator<string> | undefined; // stdin is read only once a ball is wanted
  let lineNo = 0;
  return {
    next: async (n) => {
      lines ??= createInterface({ input: process.stdin })[Symbol.asyncIterator]();
      for (;;) {
        const { value, done } = await lines.next();
        if (done) return undefined;
        lineNo++;
        const text = String(value).trim();
        if (/^[0-9]$/.test(text)) return { digit: text, source: 'manual', reading: `stdin line ${lineNo}: "${text}"` };
        warn(`stdin:${lineNo}: ball-digit: 第 ${n} 个球须为一位数字 0–9，已忽略 "${text}" / ball ${n} must be one digit 0-9; ignored "${text}"`);
      }
    },
    close: () => {
      if (lines) process.stdin.destroy();
    },
  };
}
