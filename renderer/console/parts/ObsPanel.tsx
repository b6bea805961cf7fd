// OBS, the livestream and the archive recording: connected from the console, never in the draw's way.
import { useState } from 'react';
import { formatCount } from '../../format.ts';
import { useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';

export function ObsPanel({ view, run }: PanelProps) {
  const t = useT();
  const [url, setUrl] = useState('ws://127.0.0.1:4455');
  const [password, setPassword] = useState('');
  const obs = view.obs;
  return (
    <section className="panel">
      <h2>OBS · {t('直播与录像', 'livestream and recording')}</h2>
      <div className="row">
        <label>{t('WebSocket 地址', 'WebSocket URL')}<input name="obs-url" value={url} onChange={(e) => setUrl(e.target.value)} /></label>
        <label>{t('密码', 'Password')}<input type="password" name="obs-password" value={password} onChange={(e) => setPassword(e.target.value)} /></label>
        <button onClick={() => void run('connectObs', { url, password: password || undefined })}>{t('连接', 'Connect')}</button>
        <button disabled={obs?.connection !== 'connected'} onClick={() => void run('prepareObs', {})}>{t('准备 OBS 场景', 'Prepare OBS')}</button>
        <button disabled={obs?.connection !== 'connected'} onClick={() => void run('setStreaming', { on: !obs?.streaming })}>{obs?.streaming ? t('停止直播', 'Stop stream') : t('开始直播', 'Start stream')}</button>
      </div>
      {obs && (
        <p data-testid="obs">
          <span className={obs.connection === 'connected' ? 'link-up' : 'link-down'}>{obs.connection}</span>{obs.reason ? ` (${obs.reason})` : ''}
          {obs.scene ? ` · ${t('场景', 'scene')} ${obs.scene}` : ''} · {obs.recording ? t('录像中', 'recording') : t('未录像', 'not recording')}
          {' · '}{obs.streaming ? t('直播中', 'streaming') : t('未直播', 'not streaming')}
          {obs.skippedFrames !== undefined ? ` · ${t('丢帧', 'skipped frames')} ${formatCount(obs.skippedFrames)}` : ''}
          {obs.prepared ? ` · ${t('大屏来源', 'stage source')} ${obs.stageSource}` : ''}
        </p>
      )}
      <p className="muted">{t('OBS 断开不会影响摇号；恢复后自动重连并同步场景。', 'OBS failing never stops the draw; when it is back, it reconnects and resyncs the scene.')}</p>
    </section>
  );
}
