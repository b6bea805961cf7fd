// The sealed package, imported from a path on this PC or uploaded as a .zip. Once one is imported,
// another may take its place until the first ball (the ceremony's rule): the way on when the
// notary finds its seal digest is not the one on the paper record.
import { useState } from 'react';
import { uploadPackage } from '../../api/client.ts';
import { useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';

export function ImportPanel({ view, run, attempt }: PanelProps) {
  const t = useT();
  const [path, setPath] = useState('');
  const state = view.ceremony!.state;
  // Streamed to the browser kiosk's /upload (never over the socket), then imported by its id.
  const send = async (file: File) => {
    const upload = await attempt('upload', uploadPackage(file));
    if (upload !== undefined) await run('importPackage', { upload });
  };
  if (state.balls.length > 0 || state.voided.length > 0) return null;
  const another = state.package !== undefined;
  return (
    <section className="panel">
      <h2>{another ? t('导入另一个数据包（替换当前数据包）', 'Import another package (in place of this one)') : t('导入封存数据包', 'Import the sealed package')}</h2>
      {another && (
        <p className="muted">{t('封存摘要与公证员的纸质记录不符时：不要确认，在此导入纸质记录所载的数据包，公证员再核对其封存摘要。第一个球摇出后不能再更换。',
          "When the seal digest is not the one on the notary's paper record: do not confirm it; import the package the record names here, and the notary compares its seal digest again. Once the first ball is drawn, the package can no longer be replaced.")}</p>
      )}
      <div className="row">
        <label>{t('数据包路径（文件夹或 .zip）', 'Package path (folder or .zip)')}<input name="package-path" size={60} value={path} onChange={(e) => setPath(e.target.value)} /></label>
        {window.kioskShell && <button onClick={() => void window.kioskShell!.pickPackage().then((p) => p && setPath(p))}>{t('选择…', 'Choose…')}</button>}
        <button className="primary" disabled={!path} onClick={() => void run('importPackage', { path })}>{t('导入', 'Import')}</button>
      </div>
      {/* Uploading is the browser kiosk's way in; the Electron shell picks a file instead. */}
      {!window.kioskShell && <div className="row">
        <label>{t('或上传 .zip', 'or upload a .zip')}<input type="file" accept=".zip" name="package-upload" onChange={(e) => e.target.files?.[0] && void send(e.target.files[0])} /></label>
      </div>}
    </section>
  );
}
