// The ceremony is created: import the sealed package, from a path on this PC or uploaded as a .zip.
import { useState } from 'react';
import { uploadPackage } from '../../api/client.ts';
import { useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';

export function ImportPanel({ run, attempt }: PanelProps) {
  const t = useT();
  const [path, setPath] = useState('');
  // Streamed to the browser kiosk's /upload (never over the socket), then imported by its id.
  const send = async (file: File) => {
    const upload = await attempt('upload', uploadPackage(file));
    if (upload !== undefined) await run('importPackage', { upload });
  };
  return (
    <section className="panel">
      <h2>{t('导入封存数据包', 'Import the sealed package')}</h2>
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
