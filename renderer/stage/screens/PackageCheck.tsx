// The package imported: its pools, and the seal digest large while the notary compares it with the printed one.
import { Digest } from '../parts/Digest.tsx';
import { PoolsTable } from '../parts/PoolsTable.tsx';
import type { ScreenProps } from '../screen.ts';

export function PackageCheck({ state }: ScreenProps) {
  return (
    <div className="screen package-check">
      <PoolsTable state={state} show="package" />
      <Digest
        zh="封存摘要 · 公证员正在核对" en="Seal digest · the notary is comparing it"
        hex={state.package!.sealDigest} className="stage-digest big" testId="seal-digest" />
    </div>
  );
}
