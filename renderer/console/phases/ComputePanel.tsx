// The seed is confirmed: compute the results by the published rules.
import { useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';

export function ComputePanel({ run }: PanelProps) {
  const t = useT();
  return (
    <section className="panel">
      <h2>{t('计算结果', 'Compute the results')}</h2>
      <button className="primary" name="compute" onClick={() => void run('computeResults', {})}>{t('按规范 draw-v1 计算', 'Compute by spec draw-v1')}</button>
    </section>
  );
}
