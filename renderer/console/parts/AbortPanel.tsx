// Aborting the ceremony: a reason, the notary's PIN, an armed button; folded away until asked for.
import { useState } from 'react';
import { useT } from '../../i18n.ts';
import type { Run } from '../panel.ts';
import { NotaryButton, Pin } from './NotaryPin.tsx';

export function AbortPanel({ run }: { run: Run }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  const [open, setOpen] = useState(false);
  if (!open) return <p><button onClick={() => setOpen(true)}>{t('中止仪式…', 'Abort the ceremony…')}</button></p>;
  return (
    <section className="panel">
      <h2>{t('中止仪式', 'Abort the ceremony')}</h2>
      <div className="row">
        <label>{t('理由', 'Reason')}<input name="abort-reason" value={reason} onChange={(e) => setReason(e.target.value)} /></label>
        <Pin value={pin} onChange={setPin} />
        <NotaryButton className="danger" pin={pin} disabled={!reason} onConfirm={() => void run('abortCeremony', { reason, pin: pin || undefined })}>{t('中止', 'Abort')}</NotaryButton>
        <button onClick={() => setOpen(false)}>{t('取消', 'Cancel')}</button>
      </div>
    </section>
  );
}
