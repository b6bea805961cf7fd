// The results are computed: the host reveals them page by page on the stage (buttons, arrow
// keys, or an automatic pace), pool after pool.
import { useEffect, useState } from 'react';
import { visibleText } from '../../../draw-core/display-text.ts';
import { useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';

export function RevealPanel({ view, run }: PanelProps) {
  const t = useT();
  const state = view.ceremony!.state;
  const pools = state.package!.pools;
  const results = state.results!.pools;
  const at = state.reveal ?? { pool: 0, page: -1 };
  const pagesOf = (pool: number) => Math.max(1, Math.ceil((results[pool]!.winners + results[pool]!.alternatesDrawn) / view.pageSize));
  const [auto, setAuto] = useState(false);
  const next = () => {
    if (at.page + 1 < pagesOf(at.pool)) void run('revealTo', { pool: at.pool, page: at.page + 1 });
    else if (at.pool + 1 < pools.length) void run('revealTo', { pool: at.pool + 1, page: 0 });
    else setAuto(false);
  };
  const prev = () => {
    if (at.page > 0) void run('revealTo', { pool: at.pool, page: at.page - 1 });
    else if (at.pool > 0) void run('revealTo', { pool: at.pool - 1, page: pagesOf(at.pool - 1) - 1 });
  };
  useEffect(() => {
    if (!auto) return;
    const timer = setTimeout(next, 4000);
    return () => clearTimeout(timer);
  });
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement).tagName === 'INPUT') return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown') next();
      if (e.key === 'ArrowLeft' || e.key === 'PageUp') prev();
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  });
  return (
    <section className="panel">
      <h2>{t('揭晓', 'Reveal')}</h2>
      <p data-testid="reveal-position">{at.page < 0 ? t('尚未开始', 'Not started') : <><bdi>{visibleText(pools[at.pool]!.name)}</bdi>{` · ${t('第', 'page ')}${at.page + 1}${t(' 页', '')} / ${pagesOf(at.pool)}`}</>}</p>
      <div className="row">
        <button onClick={prev} disabled={at.page <= 0 && at.pool === 0}>{t('上一页', 'Previous')}</button>
        <button className="primary" onClick={next}>{t('下一页', 'Next')}</button>
        <label>{t('跳到池', 'Jump to pool')}
          <select name="jump" value={at.pool} onChange={(e) => void run('revealTo', { pool: Number(e.target.value), page: 0 })}>
            {pools.map((p, i) => <option key={p.id} value={i}>{visibleText(p.name)}</option>)}
          </select>
        </label>
        <label className="inline"><input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} /> {t('自动翻页（4 秒）', 'Auto pace (4 s)')}</label>
      </div>
    </section>
  );
}
