// The package is imported: the notary compares its seal digest with the paper record and confirms.
import { visibleText } from '../../../draw-core/display-text.ts';
import { formatCount } from '../../format.ts';
import { useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';
import { Digest } from '../parts/Digest.tsx';
import { NotaryConfirm } from '../parts/NotaryPin.tsx';

export function DigestPanel({ view, run }: PanelProps) {
  const t = useT();
  const pkg = view.ceremony!.state.package!;
  return (
    <section className="panel">
      <h2>{t('公证员核对封存摘要', 'The notary compares the seal digest')}</h2>
      <p><bdi>{visibleText(pkg.title)}</bdi> · {pkg.period}</p>
      <Digest hex={pkg.sealDigest} testId="seal-digest" />
      <table className="pools">
        <thead><tr><th>{t('池', 'Pool')}</th><th className="num">{t('条目', 'Entries')}</th><th className="num">{t('签数', 'Tickets')}</th><th className="num">{t('指标', 'Quota')}</th><th className="num">{t('候补', 'Alternates')}</th></tr></thead>
        <tbody>{pkg.pools.map((p) => <tr key={p.id}><td><bdi>{visibleText(p.name)}</bdi></td><td className="num">{formatCount(p.entries)}</td><td className="num">{formatCount(p.totalWeight)}</td><td className="num">{formatCount(p.quota)}</td><td className="num">{formatCount(p.alternates)}</td></tr>)}</tbody>
      </table>
      <NotaryConfirm step="seal-digest" label={t('公证员确认摘要一致', 'Notary: the digest matches')} onConfirm={(pin) => void run('confirmSealDigest', { pin })} />
    </section>
  );
}
