// Where the balls come from: the serial ball machine, the simulator (rehearsals only), or manual entry; and the link's health.
import { useState } from 'react';
import type { Words } from '../../../electron/contract/failures.ts';
import type { MachineView } from '../../../electron/contract/kiosk-api.ts';
import { formatCount } from '../../format.ts';
import { useSay, useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';
import { Pin, usePinMissing } from '../parts/NotaryPin.tsx';

const LINK: Record<MachineView['link'], Words> = {
  connecting: { zh: '连接中', en: 'connecting' },
  up: { zh: '已连接', en: 'up' },
  silent: { zh: '无心跳', en: 'silent' },
  down: { zh: '已断开', en: 'down' },
};

export function BallMachinePanel({ view, run, onManual }: PanelProps & { onManual: () => void }) {
  const t = useT();
  const say = useSay();
  const real = view.ceremony?.state.ceremony?.rehearsal === false;
  // A real draw takes no simulated balls: only the serial machine (or manual entry), confirmed by the notary.
  const [source, setSource] = useState<'virtual' | 'serial'>(real ? 'serial' : 'virtual');
  const [sourcePin, setSourcePin] = useState('');
  const [ports, setPorts] = useState<string[]>([]);
  const [path, setPath] = useState('');
  const [baud, setBaud] = useState('9600');
  const [faults, setFaults] = useState('');
  const [intervalMs, setIntervalMs] = useState('1000');
  const sourcePinMissing = usePinMissing(sourcePin);
  const m = view.machine;
  const refresh = async () => {
    const r = await run('listPorts', {});
    if (r) setPorts(r.ports.map((p) => p.path));
  };
  return (
    <section className="panel">
      <h2>{t('摇号机', 'Ball machine')}</h2>
      <div className="row">
        <label>{t('球源', 'Ball source')}
          <select name="source" value={source} onChange={(e) => setSource(e.target.value as typeof source)}>
            {!real && <option value="virtual">{t('模拟摇号机（演练）', 'Simulator (rehearsal)')}</option>}
            <option value="serial">{t('串口摇号机', 'Serial ball machine')}</option>
          </select>
        </label>
        {source === 'serial' ? (
          <>
            <label>{t('串口', 'Port')}<input name="port" list="ports" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/dev/ttyUSB0 · COM3" /></label>
            <datalist id="ports">{ports.map((p) => <option key={p} value={p} />)}</datalist>
            <button onClick={() => void refresh()}>{t('查找串口', 'Find ports')}</button>
            <label>{t('波特率', 'Baud')}<input name="baud" value={baud} onChange={(e) => setBaud(e.target.value)} /></label>
            {real && <Pin value={sourcePin} onChange={setSourcePin} label={t('公证员确认球源 PIN', 'Notary confirms the source: PIN')} />}
            <button className="primary" disabled={!path || sourcePinMissing} onClick={() => void run('useSerialMachine', { path, baudRate: Number(baud), dataBits: 8, parity: 'none', stopBits: 1, pin: sourcePin || undefined })}>{t('连接', 'Connect')}</button>
          </>
        ) : (
          <>
            <label>{t('间隔（毫秒）', 'Interval (ms)')}<input name="interval" value={intervalMs} onChange={(e) => setIntervalMs(e.target.value)} /></label>
            <label>{t('故障（逗号分隔）', 'Faults (comma-separated)')}<input name="faults" value={faults} onChange={(e) => setFaults(e.target.value)} placeholder="noise,dup" /></label>
            <button className="primary" onClick={() => void run('useVirtualMachine', { intervalMs: Number(intervalMs), faults: faults.split(',').map((f) => f.trim()).filter(Boolean) })}>{t('开始模拟', 'Start simulator')}</button>
          </>
        )}
        <button onClick={onManual}>{t('人工录入', 'Manual entry')}</button>
      </div>
      {m && (
        <p data-testid="machine">
          {m.port} · <span className={`link-${m.link}`}>{say(LINK[m.link])}</span>{m.linkReason ? ` (${m.linkReason})` : ''}
          {m.identity ? ` · ${m.identity.vendor} ${m.identity.model} #${m.identity.serial} v${m.identity.firmware}` : ''}
          {m.state ? ` · ${m.state}` : ''} · {t('丢弃语句', 'discarded')} {formatCount(m.discarded)}
        </p>
      )}
      <p className="muted" data-testid="displays">{t('显示器', 'Displays')}: {view.displays.length === 0
        ? t('浏览器模式：大屏为 stage 网址，任意显示器或 OBS 均可打开', 'browser mode: the stage is the stage URL, for any display or OBS')
        : view.displays.map((d) => `${d.label}${d.stage ? t('（大屏）', ' (stage)') : ''}`).join(' · ')}</p>
      {view.ignored.length > 0 && <p className="muted">{t('已忽略', 'Ignored')}: {view.ignored.slice(-3).map((i) => `${i.reading} (${i.verdict})`).join(' · ')}</p>}
    </section>
  );
}
