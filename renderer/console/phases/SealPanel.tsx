// The results are computed: once the reveal's last page has been on the stage (writing stops the
// recording and ends the reveal), the evidence bundle is written to the notary's USB stick (or a
// chosen folder), read back and verified, its progress shown while it lasts; each bundle written
// is listed with its sealing time (the notary writes it on the report) and its evidence digest.
import { useCallback, useEffect, useState } from 'react';
import { beijingTime } from '../../../draw-core/bundle-words.ts';
import type { BundleFact } from '../../../draw-core/ceremony.ts';
import type { BundleWriteProgress, KioskView } from '../../../electron/contract/kiosk-api.ts';
import { size, type Failure } from '../../../electron/contract/failures.ts';
import { formatCount, formatMegabytes } from '../../format.ts';
import { useT } from '../../i18n.ts';
import type { PanelProps, Run } from '../panel.ts';
import { ArmedButton } from '../parts/ArmedButton.tsx';
import { Digest } from '../parts/Digest.tsx';
import { FailureBanner } from '../parts/FailureBanner.tsx';

export function SealPanel({ view, run, quiet }: PanelProps) {
  const t = useT();
  const [target, setTarget] = useState('');
  const [drives, setDrives] = useState<{ label: string; mountPoint: string; freeBytes: number }[]>([]);
  // The archive recording could not be finished into the last bundle written: said until dismissed.
  const [recordingLeftOut, setRecordingLeftOut] = useState<Failure | undefined>();
  const state = view.ceremony!.state;
  const mayWrite = view.ceremony!.revealFinished || state.bundles.length > 0;
  const bundles = state.bundles;
  const name = `bundle-${state.ceremony!.period}-${state.ceremony!.ceremonyId.slice(0, 8)}${bundles.length ? `-${bundles.length + 1}` : ''}`;
  const findDrives = useCallback((call: Run) => call('listDrives', {}).then((r) => {
    if (r) setDrives(r.drives);
  }), []);
  // Sticks come and go: the list follows them while this panel is open, quietly (the host's own "find" says why it failed).
  useEffect(() => {
    void findDrives(quiet);
    const timer = setInterval(() => void findDrives(quiet), 3000);
    return () => clearInterval(timer);
  }, [findDrives, quiet]);
  return (
    <section className="panel">
      <h2>{t('写入证据包', 'Write the evidence bundle')}</h2>
      <div className="row">
        <button onClick={() => void findDrives(run)}>{t('查找 U 盘', 'Find USB sticks')}</button>
        {drives.map((d) => (
          <button key={d.mountPoint} onClick={() => setTarget(`${d.mountPoint.replace(/[\\/]$/, '')}/${name}`)}>
            {d.label} · {size(d.freeBytes)} {t('可用', 'free')}
          </button>
        ))}
        {window.kioskShell && <button onClick={() => void window.kioskShell!.pickBundleFolder().then((f) => f && setTarget(`${f.replace(/[\\/]$/, '')}/${name}`))}>{t('选择文件夹…', 'Choose a folder…')}</button>}
      </div>
      <div className="row">
        <label>{t('目标文件夹（将新建，不会覆盖）', 'Target folder (created new, never overwritten)')}<input name="bundle-target" size={60} value={target} onChange={(e) => setTarget(e.target.value)} /></label>
        <ArmedButton disabled={!target || !mayWrite || view.bundleWrite !== undefined} onConfirm={() => void run('writeBundle', { target }).then((r) => setRecordingLeftOut(r?.recordingLeftOut))}>{t('写入', 'Write')}</ArmedButton>
      </div>
      {!mayWrite && <p className="muted" data-testid="reveal-first">{t('揭晓至最后一个池的最后一页后才能写入：写入会停止录像并结束揭晓。', 'The bundle is written once the last page of the last pool has been revealed: writing stops the recording and ends the reveal.')}</p>}
      {recordingLeftOut && <FailureBanner action="recording" failure={recordingLeftOut} onClose={() => setRecordingLeftOut(undefined)} />}
      {view.bundleWrite && <WriteProgress progress={view.bundleWrite} />}
      {bundles.map((b) => <SealedBundle key={b.name} view={view} bundle={b} />)}
    </section>
  );
}

/**
 * A bundle written: its name, when it was sealed in Beijing time (the time the notary writes on
 * the report), its evidence digest, and the report to print (kept in the ceremony folder).
 */
export function SealedBundle({ view, bundle }: { view: KioskView; bundle: BundleFact }) {
  const t = useT();
  const time = view.ceremony?.sealedAt[bundle.name];
  return (
    <div data-testid="bundle">
      <p>
        {t('已封存', 'Sealed')}: {bundle.name} · <span data-testid="sealed-at">{t('封存时间', 'sealed at')} {time ? beijingTime(time) : '—'}</span>
        {' · '}{t('证据摘要（报告上印的即此值）', 'evidence digest (the one the report prints)')}
        {window.kioskShell && <button onClick={() => void window.kioskShell!.openReport(bundle.name)}>{t('打印报告', 'Print the report')}</button>}
      </p>
      <Digest hex={bundle.evidenceDigest} testId="evidence-digest" />
    </div>
  );
}

/** The files and megabytes done of the step under way: writing to the stick, then reading every file back from it. */
function WriteProgress({ progress: p }: { progress: BundleWriteProgress }) {
  const t = useT();
  return (
    <div data-testid="bundle-progress">
      <p>{p.step === 'writing' ? t('第 1 步（共 2 步）：写入 U 盘', 'Step 1 of 2: writing to the stick') : t('第 2 步（共 2 步）：从 U 盘读回并校验每个文件', 'Step 2 of 2: reading every file back from the stick and checking it')}</p>
      <progress value={p.bytesDone} max={Math.max(1, p.bytes)} />
      <p>
        {t('文件', 'Files')} {formatCount(p.filesDone)} / {formatCount(p.files)} · {formatMegabytes(p.bytesDone)} / {formatMegabytes(p.bytes)} MB
      </p>
    </div>
  );
}
