// A ball entered by hand: host and notary type the digit in turn; the first entry is hidden before the second is typed.
// It stays open until the ball is journaled (the draw panel closes it) or cancelled: refused, both entries stay.
import { useState } from 'react';
import { useT } from '../../i18n.ts';
import type { Run } from '../panel.ts';
import { Pin, usePinMissing } from '../parts/NotaryPin.tsx';

export function ManualDialog({ n, run, onCancel }: { n: number; run: Run; onCancel: () => void }) {
  const t = useT();
  const [step, setStep] = useState<'host' | 'notary'>('host');
  const [host, setHost] = useState('');
  const [notary, setNotary] = useState('');
  const [pin, setPin] = useState('');
  const pinMissing = usePinMissing(pin);
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-labelledby="manual-title">
        <h2 id="manual-title">{t(`人工录入第 ${n} 个球`, `Enter ball ${n} by hand`)}</h2>
        {step === 'host' ? (
          <div className="row">
            <label>{t('主持人录入', 'Host enters')}<input type="password" name="host-digit" maxLength={1} value={host} onChange={(e) => setHost(e.target.value)} autoFocus /></label>
            <button className="primary" disabled={!/^[0-9]$/.test(host)} onClick={() => setStep('notary')}>{t('交给公证员', 'Hand to the notary')}</button>
          </div>
        ) : (
          <div className="row">
            <label>{t('公证员独立录入', 'Notary enters, independently')}<input type="password" name="notary-digit" maxLength={1} value={notary} onChange={(e) => setNotary(e.target.value)} autoFocus /></label>
            <Pin value={pin} onChange={setPin} />
            <button className="primary" disabled={!/^[0-9]$/.test(notary) || pinMissing} onClick={() => void run('enterManualBall', { hostDigit: host, notaryDigit: notary, pin: pin || undefined })}>{t('提交', 'Submit')}</button>
            <button onClick={() => setStep('host')}>{t('交回主持人改正', 'Back to the host to correct')}</button>
          </div>
        )}
        <button onClick={onCancel}>{t('取消', 'Cancel')}</button>
      </div>
    </div>
  );
}
