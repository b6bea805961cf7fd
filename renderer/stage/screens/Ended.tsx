// Sealed (only once the bundle-written fact is journaled, which the service does only after the
// bundle has been read back from the stick) and closed: the results, and the evidence digest.
import { Digest } from '../parts/Digest.tsx';
import { PoolsTable } from '../parts/PoolsTable.tsx';
import { Say } from '../parts/Say.tsx';
import type { ScreenProps } from '../screen.ts';

const STATUS = {
  sealed: { zh: '结果已封存，证据包已在 U 盘上核验', en: 'Results sealed, the bundle verified on the stick' },
  closed: { zh: '仪式已结束', en: 'The ceremony is closed' },
} as const;

export function Ended({ state }: ScreenProps) {
  const evidenceDigest = state.bundles.at(-1)?.evidenceDigest;
  return (
    <div className="screen ended">
      <PoolsTable state={state} show="results" />
      <Say className="lead" testId="results-status" {...STATUS[state.phase === 'closed' ? 'closed' : 'sealed']} />
      {evidenceDigest && <Digest zh="证据摘要" en="Evidence digest" hex={evidenceDigest} className="stage-evidence" testId="evidence-digest" />}
    </div>
  );
}
