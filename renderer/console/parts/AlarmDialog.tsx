// The ball machine's alarm: the draw is halted until the host decides and the notary confirms.
import { useState } from 'react';
import { useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';
import { Pin } from './NotaryPin.tsx';

export function AlarmDialog({ view, run }: PanelProps) {
  const t = useT();
  const alarm = view.ceremony!.state.alarm!;
  const [pin, setPin] = useState('');
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="alertdialog" aria-labelledby="alarm-title">
        <h2 id="alarm-title">{t('摇号机警报：摇号已暂停', 'Ball machine alarm: the draw is halted')}</h2>
        <p data-testid="alarm">
          {alarm.kind === 'conflict'
            ? t(`第 ${alarm.n} 个球读数冲突：收到 ${alarm.reading}`, `Conflicting reading for ball ${alarm.n}: ${alarm.reading}`)
            : t(`跳号：等待第 ${alarm.expected} 个球，收到 ${alarm.reading}`, `Skip: waiting for ball ${alarm.expected}, got ${alarm.reading}`)}
        </p>
        <p className="muted">{t('主持人决定，公证员以 PIN 确认。冲突时该球及其后的球将被作废。', 'The host decides, the notary confirms with the PIN. For a conflict, that ball and any after it are voided.')}</p>
        <div className="row">
          <Pin value={pin} onChange={setPin} />
          <button className="primary" onClick={() => void run('resolveAlarm', { decision: 'machine-next', pin: pin || undefined })}>{t('取摇号机下一读数', "Take the machine's next reading")}</button>
          <button onClick={() => void run('resolveAlarm', { decision: 'manual', pin: pin || undefined })}>{t('改为人工录入', 'Enter by hand')}</button>
        </div>
      </div>
    </div>
  );
}
