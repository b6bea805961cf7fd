// The pools, one row each (1 to 8 on a frame): as imported (entries, tickets, quota, alternates),
// or with their results (quota, winners filling it, alternates drawn).
import type { CeremonyState } from '../../../draw-core/ceremony.ts';
import { visibleText } from '../../../draw-core/display-text.ts';
import { formatCount } from '../../format.ts';
import { FitText } from './FitText.tsx';
import { Say } from './Say.tsx';

const HEADS = {
  name: { zh: '指标类别', en: 'Pool' },
  entries: { zh: '有效编码', en: 'Entries' },
  tickets: { zh: '签数', en: 'Tickets' },
  quota: { zh: '指标', en: 'Quota' },
  alternates: { zh: '候补', en: 'Alternates' },
  winners: { zh: '中签', en: 'Winners' },
} as const;

type Column = keyof typeof HEADS;

const COLUMNS = {
  package: ['name', 'entries', 'tickets', 'quota', 'alternates'],
  results: ['name', 'quota', 'winners', 'alternates'],
} as const satisfies Record<string, readonly Column[]>;

/** `results` needs the state's results; its winners' bars fill once, a short showing of facts already computed. */
export function PoolsTable({ state, show }: { state: CeremonyState; show: keyof typeof COLUMNS }) {
  const pools = state.package!.pools;
  const columns: readonly Column[] = COLUMNS[show];
  const cell = (i: number, column: Column) => {
    const p = pools[i]!;
    const r = state.results?.pools[i];
    switch (column) {
      case 'name': return <FitText text={visibleText(p.name)} max={30} min={20} className="pool-name" />;
      case 'entries': return formatCount(p.entries);
      case 'tickets': return formatCount(p.totalWeight);
      case 'quota': return formatCount(p.quota);
      case 'alternates': return formatCount(show === 'results' ? r!.alternatesDrawn : p.alternates);
      case 'winners': return (
        <div className="winners-count">
          <span>{formatCount(r!.winners)}</span>
          <div className="fill"><div style={{ transform: `scaleX(${p.quota ? r!.winners / p.quota : 0})`, animationDelay: `${i * 120}ms` }} /></div>
        </div>
      );
    }
  };
  return (
    <table className={`pools-table ${show}`} data-testid="pools-table">
      <thead><tr>{columns.map((c) => <th key={c} className={c}><Say {...HEADS[c]} /></th>)}</tr></thead>
      <tbody>{pools.map((p, i) => <tr key={p.id}>{columns.map((c) => <td key={c} className={c}>{cell(i, c)}</td>)}</tr>)}</tbody>
    </table>
  );
}
