// The draw: the ball machine (or the simulator, or manual entry) gives the balls; a ball may be
// voided; once all are in, the notary confirms the seed. An alarm halts it until resolved.
import { useState } from 'react';
import { useT } from '../../i18n.ts';
import type { PanelProps, Run } from '../panel.ts';
import { AlarmDialog } from '../parts/AlarmDialog.tsx';
import { ArmedButton } from '../parts/ArmedButton.tsx';
import { NotaryConfirm, Pin } from '../parts/NotaryPin.tsx';
import { BallMachinePanel } from './BallMachinePanel.tsx';
import { ManualDialog } from './ManualDialog.tsx';

export function DrawPanel(props: PanelProps) {
  const { view, run } = props;
  const t = useT();
  const state = view.ceremony!.state;
  const total = state.package!.balls;
  const [manual, setManual] = useState(false);
  return (
    <>
      <BallMachinePanel {...props} onManual={() => setManual(true)} />
      <section className="panel">
        <h2>{t('摇号球', 'Balls')} · {state.balls.length} / {total}</h2>
        <div className="slots" data-testid="slots">
          {Array.from({ length: total }, (_, i) => <div key={i} className={`slot${state.balls[i] !== undefined ? ' filled' : ''}`}>{state.balls[i] ?? ''}</div>)}
        </div>
        {state.balls.length > 0 && <VoidLast run={run} />}
        {state.phase === 'seed-complete' && !state.alarm && (
          <NotaryConfirm label={t('公证员确认种子', 'Notary: confirm the seed')} onConfirm={(pin) => void run('confirmSeed', { pin })}>
            <span>{t('种子', 'Seed')}: <strong data-testid="seed">{state.balls.join('')}</strong></span>
          </NotaryConfirm>
        )}
      </section>
      {state.alarm && <AlarmDialog {...props} />}
      {manual && <ManualDialog n={state.balls.length + 1} run={run} onDone={() => setManual(false)} />}
    </>
  );
}

function VoidLast({ run }: { run: Run }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  return (
    <div className="row">
      <label>{t('作废最后一球的理由', 'Reason to void the last ball')}<input name="void-reason" value={reason} onChange={(e) => setReason(e.target.value)} /></label>
      <Pin value={pin} onChange={setPin} />
      <ArmedButton className="danger" disabled={!reason} onConfirm={() => void run('voidLastBall', { reason, pin: pin || undefined })}>{t('作废最后一球', 'Void the last ball')}</ArmedButton>
    </div>
  );
}
