// The ceremony has ended, closed or aborted: what it came to.
import { useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';
import { SealedBundle } from './SealPanel.tsx';

export function DonePanel({ view }: PanelProps) {
  const t = useT();
  const s = view.ceremony!.state;
  return (
    <section className="panel">
      <h2>{s.phase === 'closed' ? t('仪式已结束', 'The ceremony is closed') : t(`仪式已中止：${s.aborted}`, `The ceremony was aborted: ${s.aborted}`)}</h2>
      {s.seed && <p>{t('种子', 'Seed')}: {s.seed}</p>}
      {s.bundles.map((b) => <SealedBundle key={b.name} view={view} bundle={b} />)}
    </section>
  );
}
