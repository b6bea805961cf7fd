// The results are computed: the evidence bundle is written to the notary's USB stick (or a
// chosen folder), read back and verified; each bundle written is listed.
import { useCallback, useEffect, useState } from 'react';
import { useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';
import { ArmedButton } from '../parts/ArmedButton.tsx';

export function SealPanel({ view, run }: PanelProps) {
  const t = useT();
  const [target, setTarget] = useState('');
  const [drives, setDrives] = useState<{ label: string; mountPoint: string; freeBytes: number }[]>([]);
  const state = view.ceremony!.state;
  const bundles = state.bundles;
  const name = `bundle-${state.ceremony!.period}-${state.ceremony!.ceremonyId.slice(0, 8)}${bundles.length ? `-${bundles.length + 1}` : ''}`;
  const findDrives = useCallback(() => run('listDrives', {}).then((r) => {
    if (r) setDrives(r.drives);
  }), [run]);
  // Sticks come and go: the list follows them while this panel is open.
  useEffect(() => {
    void findDrives();
    const timer = setInterval(() => void findDrives(), 3000);
    return () => clearInterval(timer);
  }, [findDrives]);
  return (
    <section className="panel">
      <h2>{t('写入证据包', 'Write the evidence bundle')}</h2>
      <div className="row">
        <button onClick={() => void findDrives()}>{t('查找 U 盘', 'Find USB sticks')}</button>
        {drives.map((d) => (
          <button key={d.mountPoint} onClick={() => setTarget(`${d.mountPoint.replace(/[\\/]$/, '')}/${name}`)}>
            {d.label} · {(d.freeBytes / 2 ** 30).toFixed(1)} GB {t('可用', 'free')}
          </button>
        ))}
        {window.kioskShell && <button onClick={() => void window.kioskShell!.pickBundleFolder().then((f) => f && setTarget(`${f.replace(/[\\/]$/, '')}/${name}`))}>{t('选择文件夹…', 'Choose a folder…')}</button>}
      </div>
      <div className="row">
        <label>{t('目标文件夹（将新建，不会覆盖）', 'Target folder (created new, never overwritten)')}<input name="bundle-target" size={60} value={target} onChange={(e) => setTarget(e.target.value)} /></label>
        <ArmedButton disabled={!target} onConfirm={() => void run('writeBundle', { target })}>{t('写入', 'Write')}</ArmedButton>
      </div>
      {bundles.map((b) => (
        <p key={b.name} data-testid="bundle">
          {t('已封存', 'Sealed')}: {b.name} · SHA256SUMS {b.sha256sums}
          {window.kioskShell && <button onClick={() => void window.kioskShell!.openReport(b.name)}>{t('打印报告', 'Print the report')}</button>}
        </p>
      ))}
    </section>
  );
}
