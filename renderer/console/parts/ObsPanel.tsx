// OBS, the livestream and the archive recording: connected from the console, never in the draw's way.
// Stopping the livestream cuts the public off the ceremony: an armed press, never a single one.
import { useState } from 'react';
import type { Words } from '../../../electron/contract/failures.ts';
import type { ObsStatus } from '../../../electron/contract/kiosk-api.ts';
import { formatCount } from '../../format.ts';
import { useSay, useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';
import { ArmedButton } from './ArmedButton.tsx';

const CONNECTION: Record<ObsStatus['connection'], Words> = {
  connecting: { zh: '连接中', en: 'connecting' },
  connected: { zh: '已连接', en: 'connected' },
  disconnected: { zh: '未连接', en: 'disconnected' },
  failed: { zh: '连接失败', en: 'failed' },
};

export function ObsPanel({ view, run }: PanelProps) {
  const t = useT();
  const say = useSay();
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
        {obs?.streaming
          ? <ArmedButton className="danger" disabled={obs.connection !== 'connected'} armed={t('再按一次确认：停止直播，观众将看不到仪式', 'Press again to confirm: stop the stream; the audience no longer sees the ceremony')}
            onConfirm={() => void run('setStreaming', { on: false })}>{t('停止直播', 'Stop stream')}</ArmedButton>
          : <button disabled={obs?.connection !== 'connected'} onClick={() => void run('setStreaming', { on: true })}>{t('开始直播', 'Start stream')}</button>}
      </div>
      {obs && (
        <p data-testid="obs">
          <span className={obs.connection === 'connected' ? 'link-up' : 'link-down'}>{say(CONNECTION[obs.connection])}</span>{obs.reason ? ` (${obs.reason})` : ''}
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
