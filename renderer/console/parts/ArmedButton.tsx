// An irreversible action: the first press arms it, the second does it; armed, it disarms itself
// after six seconds. `armed` says what the second press does, when the button's own words are not enough.
import { useEffect, useState, type ReactNode } from 'react';
import { useT } from '../../i18n.ts';

export function ArmedButton({ onConfirm, children, disabled, className, armed: armedLabel }: {
  onConfirm: () => void; children: ReactNode; disabled?: boolean; className?: string; armed?: string;
}) {
  const t = useT();
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), 6000);
    return () => clearTimeout(timer);
  }, [armed]);
  return (
    <button className={armed ? 'armed' : className ?? 'primary'} disabled={disabled} onClick={() => (armed ? (setArmed(false), onConfirm()) : setArmed(true))}>
      {armed ? armedLabel ?? t('再按一次确认（不可撤销）', 'Press again to confirm (cannot be undone)') : children}
    </button>
  );
}
