// The reveal, pool by pool and page by page: the winners, then the alternates (候补) announced
// under their own heading; where the page is in the pool and the pool among the pools; at a
// pool's last page its summary, and at the very last the reveal complete.
import type { RevealPage } from '../../../electron/contract/kiosk-api.ts';
import { visibleText } from '../../../draw-core/display-text.ts';
import { formatCount } from '../../format.ts';
import { FitText } from '../parts/FitText.tsx';
import { Say } from '../parts/Say.tsx';
import type { ScreenProps } from '../screen.ts';

type Row = RevealPage['rows'][number];

const SECTIONS = {
  winner: { zh: '中签', en: 'Winners', note: (from: string, to: string, of: string) => ({ zh: `第 ${from}–${to} 名，共 ${of} 名`, en: `ranks ${from}–${to} of ${of}` }) },
  alternate: { zh: '候补 · 按名次递补', en: 'Alternates · called in rank order if a winner drops out', note: (from: string, to: string, of: string) => ({ zh: `候补第 ${from}–${to} 名，共 ${of} 名`, en: `alternates ${from}–${to} of ${of}` }) },
} as const;

function Section({ rows, status, of, first }: { rows: readonly Row[]; status: Row['status']; of: number; first: number }) {
  const words = SECTIONS[status];
  // Alternates are ranked after the winners; the audience is told their rank among the alternates.
  const at = (r: Row) => formatCount(r.rank - first + 1);
  const note = words.note(at(rows[0]!), at(rows.at(-1)!), formatCount(of));
  return (
    <section className={`reveal-section ${status}`} data-testid={`reveal-${status}s`}>
      <div className="section-head">
        <Say className="section-name" zh={words.zh} en={words.en} />
        <Say className="section-note" {...note} />
      </div>
      <div className="reveal-grid">
        {rows.map((r, i) => (
          <div className={`reveal-cell ${r.status}`} key={r.rank} style={{ animationDelay: `${i * 30}ms` }}>
            <span className="rank">{at(r)}</span>
            <FitText text={r.code} max={34} min={22} className="code" />
          </div>
        ))}
      </div>
    </section>
  );
}

export function Reveal({ state, page }: ScreenProps & { page: RevealPage }) {
  const pools = state.package!.pools;
  const pool = pools[page.pool]!;
  const result = state.results!.pools[page.pool]!;
  const winners = page.rows.filter((r) => r.status === 'winner');
  const alternates = page.rows.filter((r) => r.status === 'alternate');
  const poolEnd = page.page + 1 === page.pages;
  const last = poolEnd && page.pool + 1 === pools.length;
  return (
    <div className="screen reveal" data-testid="reveal">
      <div className="reveal-head">
        <FitText text={visibleText(pool.name)} max={40} min={26} className="pool-name" testId="reveal-pool-name" />
        {pools.length > 1 && (
          <div className="where"><span data-testid="reveal-pool">第 {formatCount(page.pool + 1)} / {formatCount(pools.length)} 池</span><span className="en">Pool {formatCount(page.pool + 1)} of {formatCount(pools.length)}</span></div>
        )}
        <div className="where"><span data-testid="reveal-page">第 {formatCount(page.page + 1)} / {formatCount(page.pages)} 页</span><span className="en">Page {formatCount(page.page + 1)} of {formatCount(page.pages)}</span></div>
      </div>
      <div className="reveal-pages" key={`${page.pool}-${page.page}`}>
        {winners.length > 0 && <Section rows={winners} status="winner" of={result.winners} first={1} />}
        {alternates.length > 0 && <Section rows={alternates} status="alternate" of={result.alternatesDrawn} first={result.winners + 1} />}
        {page.rows.length === 0 && <Say className="status" zh="本池无人中签" en="Nobody was drawn in this pool" />}
      </div>
      <div className="progress"><div style={{ transform: `scaleX(${(page.page + 1) / page.pages})` }} /></div>
      {poolEnd && (
        <div className="pool-end">
          <Say className="pool-summary" testId="pool-summary" zh={`本池揭晓完毕：中签 ${formatCount(result.winners)} 名 · 候补 ${formatCount(result.alternatesDrawn)} 名`} en={`Pool complete: ${formatCount(result.winners)} winners · ${formatCount(result.alternatesDrawn)} alternates`} />
          {last && <Say className="reveal-complete" testId="reveal-complete" zh="全部结果揭晓完毕" en="Reveal complete" />}
        </div>
      )}
    </div>
  );
}
