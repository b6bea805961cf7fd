// From the seed to the results. The computation is instant, so nothing pretends to work: the seed
// confirmed, then, once computed, the facts shown in the order they were made (the master seed
// from the seal digest and the seed, each pool filled from it), and what comes next.
import type { CSSProperties } from 'react';
import { Ball } from '../parts/Ball.tsx';
import { Digest } from '../parts/Digest.tsx';
import { PoolsTable } from '../parts/PoolsTable.tsx';
import { Say } from '../parts/Say.tsx';
import type { ScreenProps } from '../screen.ts';

/** Where the results stand before the reveal. */
const STATUS = {
  confirmed: { zh: '种子已由公证员确认，下一步由它计算结果', en: 'The notary has confirmed the seed: the results are computed from it next' },
  computed: { zh: '结果已算出，即将揭晓', en: 'Results computed, the reveal follows' },
  /** The reveal has begun, but its page cannot be shown now (the ceremony reopened, waiting for the notary's PIN). */
  revealing: { zh: '结果揭晓中', en: 'The results are being revealed' },
} as const;

/** The seed's balls on one line beside its label, whatever their number (1 to 32). */
const seedBall = (balls: number) => ({ '--ball': `${Math.min(72, Math.floor(1480 / balls) - 10)}px` }) as CSSProperties;

export function Computation({ state }: ScreenProps) {
  const status = !state.results ? 'confirmed' : state.reveal ? 'revealing' : 'computed';
  return (
    <div className="screen computation">
      <div className="seed-line" data-testid="seed">
        <Say className="label" zh="种子" en="Seed" />
        <div className="seed-balls" style={seedBall(state.seed!.length)}>{[...state.seed!].map((d, i) => <Ball digit={d} key={i} />)}</div>
      </div>
      {state.results && (
        <>
          <Digest zh="主种子 = SHA-256（封存摘要 + 种子）" en="Master seed = SHA-256 (seal digest + seed)" hex={state.results.masterSeed} className="master-seed" testId="master-seed" />
          <PoolsTable state={state} show="results" />
        </>
      )}
      <Say className="status" testId="results-status" {...STATUS[status]} />
    </div>
  );
}
