// The evidence bundle being written to the stick and read back: honest progress from the service
// (files and MB done). "Sealed" is never said here: only once the bundle-written fact is journaled.
import { formatCount, formatMegabytes } from '../../format.ts';
import { PoolsTable } from '../parts/PoolsTable.tsx';
import { Say } from '../parts/Say.tsx';
import type { ScreenProps } from '../screen.ts';

const STEP = {
  writing: { zh: '正在将证据包写入 U 盘', en: 'Writing the evidence bundle to the stick' },
  'reading-back': { zh: '正在从 U 盘读回证据包并核验', en: 'Reading the evidence bundle back from the stick to verify it' },
} as const;

export function Sealing({ view, state }: ScreenProps) {
  const w = view.bundleWrite!;
  return (
    <div className="screen sealing" data-testid="sealing">
      <PoolsTable state={state} show="results" />
      <Say className="lead" testId="sealing-step" {...STEP[w.step]} />
      <div className="progress"><div style={{ transform: `scaleX(${w.bytes ? w.bytesDone / w.bytes : 0})` }} /></div>
      <Say className="status" zh={`${formatCount(w.filesDone)} / ${formatCount(w.files)} 个文件 · ${formatMegabytes(w.bytesDone)} / ${formatMegabytes(w.bytes)} MB`} en={`${formatCount(w.filesDone)} of ${formatCount(w.files)} files · ${formatMegabytes(w.bytesDone)} of ${formatMegabytes(w.bytes)} MB`} />
    </div>
  );
}
