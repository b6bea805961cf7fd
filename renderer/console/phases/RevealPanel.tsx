// The results are computed: the host reveals them page by page on the stage (buttons, arrow
// keys, or the automatic pace), pool after pool. The pace is kept by the service, so a reload
// or a second console shows it as it is.
import { useEffect } from 'react';
import { visibleText } from '../../../draw-core/display-text.ts';
import { nextRevealPosition, PACE_MS, previousRevealPosition, revealPages, type RevealPosition } from '../../../electron/contract/reveal.ts';
import { formatCount } from '../../format.ts';
import { useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';

/**
 * Whose key it is: a field or a list with the focus takes the arrows itself (the pool and pace
 * lists choose with them), so the page does not turn as well. A key held down turns one page:
 * its repeats would turn, and journal, page after page.
 */
function turnsPage(e: KeyboardEvent): boolean {
  const target = e.target as HTMLElement;
  return !e.repeat && !target.isContentEditable && !['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}

/** The intervals offered, in seconds; one set elsewhere (another console) is offered too. */
const PACE_SECONDS = [2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60, 90, 120].filter((s) => s * 1000 >= PACE_MS.min && s * 1000 <= PACE_MS.max);

function paceChoices(current: number): number[] {
  return [...new Set([...PACE_SECONDS.map((s) => s * 1000), current])].sort((a, b) => a - b);
}

export function RevealPanel({ view, run }: PanelProps) {
  const t = useT();
  const state = view.ceremony!.state;
  const pools = state.package!.pools;
  const results = state.results!;
  const at = state.reveal;
  const pace = view.revealPace;
  const next = nextRevealPosition(results, at, view.pageSize);
  const previous = previousRevealPosition(results, at, view.pageSize);
  const turn = (to: RevealPosition | undefined) => {
    if (to) void run('revealTo', to);
  };
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if (view.ceremony!.locked || !turnsPage(e)) return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown') turn(next);
      if (e.key === 'ArrowLeft' || e.key === 'PageUp') turn(previous);
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  });
  return (
    <section className="panel">
      <h2>{t('揭晓', 'Reveal')}</h2>
      <p data-testid="reveal-position">{!at ? t('尚未开始', 'Not started') : <><bdi>{visibleText(pools[at.pool]!.name)}</bdi>{` · ${t('第', 'page ')}${formatCount(at.page + 1)}${t(' 页', '')} / ${formatCount(revealPages(results, at.pool, view.pageSize))}`}</>}</p>
      <div className="row">
        <button onClick={() => turn(previous)} disabled={!previous}>{t('上一页', 'Previous')}</button>
        <button className="primary" onClick={() => turn(next)} disabled={!next}>{t('下一页', 'Next')}</button>
        <label>{t('跳到池', 'Jump to pool')}
          <select name="jump" value={at?.pool ?? 0} onChange={(e) => turn({ pool: Number(e.target.value), page: 0 })}>
            {pools.map((p, i) => <option key={p.id} value={i}>{visibleText(p.name)}</option>)}
          </select>
        </label>
      </div>
      {pace && (
        <div className="row">
          <label>{t('自动翻页间隔', 'Auto pace')}
            <select name="pace-interval" value={pace.intervalMs} onChange={(e) => void run('setRevealPace', { intervalMs: Number(e.target.value), running: pace.running })}>
              {paceChoices(pace.intervalMs).map((ms) => <option key={ms} value={ms}>{ms / 1000} {t('秒', 's')}</option>)}
            </select>
          </label>
          <button name="pace" aria-pressed={pace.running} disabled={!pace.running && !next} onClick={() => void run('setRevealPace', { intervalMs: pace.intervalMs, running: !pace.running })}>
            {pace.running ? t('暂停自动翻页', 'Pause auto pace') : t('开始自动翻页', 'Start auto pace')}
          </button>
          <span data-testid="reveal-pace">
            {pace.running
              ? t(`自动翻页中：每 ${pace.intervalMs / 1000} 秒一页`, `turning a page every ${pace.intervalMs / 1000} s`)
              : next ? t('自动翻页已暂停', 'auto pace paused') : t('已到最后一页', 'the last page is up')}
          </span>
        </div>
      )}
    </section>
  );
}
