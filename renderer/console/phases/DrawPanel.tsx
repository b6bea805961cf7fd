// The draw: the ball machine (or the simulator, or manual entry) gives the balls; a ball may be
// voided; once all are in, the notary confirms the seed. An alarm halts it until resolved.
import { useState } from 'react';
import { formatCount } from '../../format.ts';
import { useT } from '../../i18n.ts';
import type { PanelProps, Run } from '../panel.ts';
import { AlarmDialog } from '../parts/AlarmDialog.tsx';
import { NotaryButton, NotaryConfirm, Pin } from '../parts/NotaryPin.tsx';
import { BallMachinePanel } from './BallMachinePanel.tsx';
import { ManualDialog } from './ManualDialog.tsx';

export function DrawPanel(props: PanelProps) {
  const { view, run } = props;
  const t = useT();
  const state = view.ceremony!.state;
  const total = state.package!.balls;
  // The ball a manual entry is open for: it closes once that ball is journaled (or another is next), never on a refusal, which keeps both entries.
  const next = state.balls.length + 1;
  const [manualFor, setManualFor] = useState<number | undefined>();
  if (manualFor !== undefined && manualFor !== next) setManualFor(undefined);
  const enterByHand = () => setManualFor(next);
  // Locked, nothing can be decided or entered: no dialog covers the page (nor the notary's prompt), the alarm is said in place.
  const locked = view.ceremony!.locked;
  return (
    <>
      <BallMachinePanel {...props} onManual={enterByHand} />
      <section className="panel">
        <h2>{t('摇号球', 'Balls')} · {formatCount(state.balls.length)} / {formatCount(total)}</h2>
        <div className="slots" data-testid="slots">
          {Array.from({ length: total }, (_, i) => <div key={i} className={`slot${state.balls[i] !== undefined ? ' filled' : ''}`}>{state.balls[i] ?? ''}</div>)}
        </div>
        {state.alarm && locked && (
          <p className="notice" data-testid="alarm-waiting">
            {t('摇号机警报待处理：解锁后由主持人决定、公证员确认', 'A ball machine alarm is waiting: once unlocked, the host decides and the notary confirms')}
          </p>
        )}
        {state.nextBallFrom === 'manual' && (
          <p className="notice">
            {t(`已决定第 ${next} 个球由人工双录入`, `Ball ${next} was decided to be entered by hand`)}{' '}
            <button className="primary" onClick={enterByHand}>{t('现在录入', 'Enter it now')}</button>
          </p>
        )}
        {/* Keyed by the last ball: when another comes or it is voided, the form folds away, so a reason given for one ball never voids the next. */}
        {state.balls.length > 0 && <VoidLast key={state.balls.length} n={state.balls.length} digit={state.balls.at(-1)!} run={run} />}
        {state.phase === 'seed-complete' && !state.alarm && (
          <NotaryConfirm step="seed" label={t('公证员确认种子', 'Notary: confirm the seed')} onConfirm={(pin) => void run('confirmSeed', { pin })}>
            <span>{t('种子', 'Seed')}: <strong data-testid="seed">{state.balls.join('')}</strong></span>
          </NotaryConfirm>
        )}
      </section>
      {state.alarm && !locked && <AlarmDialog {...props} />}
      {manualFor === next && !locked && <ManualDialog n={next} run={run} onCancel={() => setManualFor(undefined)} />}
    </>
  );
}

/**
 * Voiding the last ball: folded away until asked for; then a reason, the notary's PIN and an
 * armed press that names the ball. No single press voids it.
 */
function VoidLast({ n, digit, run }: { n: number; digit: string; run: Run }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  if (!open) return <p><button onClick={() => setOpen(true)}>{t('作废最后一球…', 'Void the last ball…')}</button></p>;
  return (
    <div className="row void-last">
      <span>{t(`作废第 ${n} 个球（${digit}）`, `Voiding ball ${n} (${digit})`)}</span>
      <label>{t('理由（记入日志）', 'Reason (journaled)')}<input name="void-reason" size={40} value={reason} onChange={(e) => setReason(e.target.value)} /></label>
      <Pin value={pin} onChange={setPin} />
      <NotaryButton className="danger" pin={pin} disabled={!reason.trim()} onConfirm={() => void run('voidLastBall', { reason, pin: pin || undefined })}>{t(`作废第 ${n} 个球`, `Void ball ${n}`)}</NotaryButton>
      <button onClick={() => setOpen(false)}>{t('取消', 'Cancel')}</button>
    </div>
  );
}
