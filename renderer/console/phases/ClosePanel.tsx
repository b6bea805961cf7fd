// The bundle is sealed: the notary closes the ceremony.
import { useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';
import { NotaryConfirm } from '../parts/NotaryPin.tsx';

export function ClosePanel({ run }: PanelProps) {
  const t = useT();
  return (
    <section className="panel">
      <h2>{t('结束仪式', 'Close the ceremony')}</h2>
      <NotaryConfirm step="close" label={t('公证员确认结束', 'Notary: close')} onConfirm={(pin) => void run('closeCeremony', { pin })} />
    </section>
  );
}
