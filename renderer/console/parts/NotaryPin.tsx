// The notary's PIN, and the notary's confirmation: the PIN (none in a rehearsal without one), then an armed button.
// A real draw takes no confirmation without the PIN, so none is offered until one is typed.
import { createContext, useContext, useState, type ComponentProps, type ReactNode } from 'react';
import { useT } from '../../i18n.ts';
import { ArmedButton } from './ArmedButton.tsx';

/** Whether the open ceremony is a real draw, whose confirmations the software may never give for the notary: given by the console. */
export const RealDraw = createContext(false);

/** The PIN the notary must still type before confirming: none typed in a real draw. */
export function usePinMissing(pin: string): boolean {
  return useContext(RealDraw) && pin === '';
}

export function Pin({ value, onChange, label }: { value: string; onChange: (v: string) => void; label?: string }) {
  const t = useT();
  return (
    <label>
      {label ?? t('公证员 PIN', 'Notary PIN')}
      <input type="password" inputMode="numeric" autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} name="pin" />
    </label>
  );
}

/** The notary's armed confirmation with the PIN typed in `pin`: not offered in a real draw until it is typed. */
export function NotaryButton({ pin, disabled, ...button }: ComponentProps<typeof ArmedButton> & { pin: string }) {
  const missing = usePinMissing(pin);
  return <ArmedButton {...button} disabled={disabled || missing} />;
}

/** `step` names the confirmation, for the phase banner's shortcut to it (parts/PhaseBanner.tsx). */
export function NotaryConfirm({ step, label, onConfirm, children }: { step: string; label: string; onConfirm: (pin: string | undefined) => void; children?: ReactNode }) {
  const [pin, setPin] = useState('');
  return (
    <div className="row" data-confirm={step}>
      {children}
      <Pin value={pin} onChange={setPin} />
      <NotaryButton pin={pin} onConfirm={() => onConfirm(pin || undefined)}>{label}</NotaryButton>
    </div>
  );
}
