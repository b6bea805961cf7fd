// The ceremony has ended, closed or aborted: what it came to.
import { useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';
import { Digest } from '../parts/Digest.tsx';
import { SealedAt } from './SealPanel.tsx';

export function DonePanel({ view }: PanelProps) {
  const t = useT();
  const s = view.ceremony!.state;
  return (
    <section className="panel">
      <h2>{s.phase === 'closed' ? t('仪式已结束', 'The ceremony is closed') : t(`仪式已中止：${s.aborted}`, `The ceremony was aborted: ${s.aborted}`)}</h2>
      {s.seed && <p>{t('种子', 'Seed')}: {s.seed}</p>}
      {s.bundles.map((b) => (
        <div key={b.name}>
          <p>{b.name} · <SealedAt view={view} name={b.name} /> · {t('证据摘要', 'evidence digest')}</p>
          <Digest hex={b.evidenceDigest} testId="evidence-digest" />
        </div>
      ))}
    </section>
  );
}
