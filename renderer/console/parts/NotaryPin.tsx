// The notary's PIN, and the notary's confirmation: the PIN (none in a rehearsal without one), then an armed button.
import { useState, type ReactNode } from 'react';
import { useT } from '../../i18n.ts';
import { ArmedButton } from './ArmedButton.tsx';

export function Pin({ value, onChange, label }: { value: string; onChange: (v: string) => void; label?: string }) {
  const t = useT();
  return (
    <label>
      {label ?? t('公证员 PIN', 'Notary PIN')}
      <input type="password" inputMode="numeric" autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} name="pin" />
    </label>
  );
}

/** `step` names the confirmation, for the phase banner's shortcut to it (parts/PhaseBanner.tsx). */
export function NotaryConfirm({ step, label, onConfirm, children }: { step: string; label: string; onConfirm: (pin: string | undefined) => void; children?: ReactNode }) {
  const [pin, setPin] = useState('');
  return (
    <div className="row" data-confirm={step}>
      {children}
      <Pin value={pin} onChange={setPin} />
      <ArmedButton onConfirm={() => onConfirm(pin || undefined)}>{label}</ArmedButton>
    </div>
  );
}
