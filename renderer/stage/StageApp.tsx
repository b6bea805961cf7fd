// The big screen (and OBS's browser source): a page that renders the ceremony's state.
// One 1920×1080 frame scaled to the window, so 1080p, 4K and the livestream show one picture.
import { useEffect, useLayoutEffect, useState } from 'react';
import type { KioskView, RevealPage } from '../../electron/contract/kiosk-api.ts';
import type { KioskClient } from '../api/client.ts';
import { useConnection, useView } from '../api/hooks.ts';
import { ConnectionNotice } from '../ConnectionNotice.tsx';
import { visibleText } from '../../draw-core/display-text.ts';
import { groupsOfFour } from '../../draw-core/bundle-words.ts';
import logo from '../../assets/logo.svg';
import theme from '../../assets/theme.json';

function useScale(): number {
  const fit = () => Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
  const [scale, setScale] = useState(fit);
  useLayoutEffect(() => {
    const onResize = () => setScale(fit());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return scale;
}

/** The reveal page the host has turned to, fetched when it turns (and again after a reconnection). */
function useRevealPage(client: KioskClient, view: KioskView | undefined, connected: boolean): RevealPage | undefined {
  const [fetched, setFetched] = useState<{ dir: string; page: RevealPage | undefined }>();
  const dir = view?.ceremony?.dir;
  const reveal = view?.ceremony?.state.reveal;
  const pool = reveal?.pool;
  const pageNo = reveal?.page;
  useEffect(() => {
    if (dir === undefined || pool === undefined || pageNo === undefined || !connected) return;
    let current = true;
    void client.call('revealPage', { pool, page: pageNo }).then((outcome) => {
      if (current) setFetched({ dir, page: outcome.ok ? outcome.value : undefined });
    });
    return () => {
      current = false;
    };
  }, [client, dir, pool, pageNo, connected]);
  // The last page fetched stays up until the next one arrives, so a page turn never flashes the summary.
  return reveal && fetched && fetched.dir === dir ? fetched.page : undefined;
}

export function StageApp({ client }: { client: KioskClient }) {
  const view = useView(client);
  const connection = useConnection(client);
  const scale = useScale();
  const page = useRevealPage(client, view, connection === 'connected');

  const state = view?.ceremony?.state;
  const pkg = state?.package;
  const title = pkg ? visibleText(pkg.title) : '小客车增量指标摇号';
  const sub = state?.ceremony ? `${state.ceremony.period} 期 · ${state.ceremony.kind === 'representative-selection' ? '申请人代表抽取' : '增量指标配置'}` : 'Car-licence quota draw';
  return (
    <div className="stage-frame" style={{ transform: `scale(${scale})`, ['--accent' as string]: theme.accent }} data-phase={state?.phase ?? 'new'}>
      <div className="stage-brand"><img src={logo} alt="" /><span>{theme.organization.zh}<br /><small>{theme.organization.en}</small></span></div>
      <div className="stage-title"><bdi>{title}</bdi></div>
      <div className="stage-sub">{sub}</div>
      <div className="stage-main">{body(view, page)}</div>
      <div className="stage-foot">依据公开的摇号规范 draw-v1 · 结果可由任何人复核 / Published rules, verifiable by anyone</div>
      {view?.ceremony?.journalHead && (
        // The journal's head on every frame: the recording witnesses it, and the report lists it at each confirmation.
        <div className="stage-journal-head" data-testid="journal-head">日志 Journal {groupsOfFour(view.ceremony.journalHead.slice(0, 16))}</div>
      )}
      {state?.ceremony?.rehearsal && <div className="watermark" data-testid="watermark"><span>演练 REHEARSAL</span></div>}
      <ConnectionNotice connection={connection} className="stage-connection" />
    </div>
  );
}

function body(view: KioskView | undefined, page: RevealPage | undefined) {
  const state = view?.ceremony?.state;
  if (!state?.package) return <div className="summary" style={{ textAlign: 'center', marginTop: 160 }}>欢迎 · 仪式即将开始<br />Welcome · the draw will begin shortly</div>;
  const pkg = state.package;
  switch (state.phase) {
    case 'imported':
      return (
        <>
          <PoolsTable view={view!} />
          <div className="stage-digest">封存摘要 Seal digest<br />{groupsOfFour(pkg.sealDigest)}</div>
        </>
      );
    case 'seeding':
    case 'seed-complete':
    case 'seed-confirmed':
      return (
        <>
          <div style={{ textAlign: 'center', fontSize: 40 }}>
            {state.seed !== undefined ? `种子已由公证员确认 · Seed confirmed: ${state.seed}` : `摇号中 · Drawing: ${state.balls.length} / ${pkg.balls}`}
          </div>
          <div className="seed-slots" data-testid="seed-slots">
            {Array.from({ length: pkg.balls }, (_, i) => (
              <div className="seed-slot" key={i}>{state.balls[i] !== undefined && <span className="ball" key={`${i}-${state.balls[i]}`}>{state.balls[i]}</span>}</div>
            ))}
          </div>
          {state.alarm && <div className="stage-digest">摇号暂停，等待核实 · The draw is paused for a check</div>}
        </>
      );
    case 'computed':
    case 'sealed':
    case 'closed':
      if (page && state.phase === 'computed') return <Reveal view={view!} page={page} />;
      return <Summary view={view!} />;
    default:
      return <PoolsTable view={view!} />;
  }
}

function PoolsTable({ view }: { view: KioskView }) {
  const pools = view.ceremony!.state.package!.pools;
  return (
    <table className="stage-pools">
      <thead><tr><th>指标类别 Pool</th><th>有效编码 Entries</th><th>签数 Tickets</th><th>指标 Quota</th></tr></thead>
      <tbody>{pools.map((p) => <tr key={p.id}><td><bdi>{visibleText(p.name)}</bdi></td><td>{p.entries.toLocaleString('zh-CN')}</td><td>{p.totalWeight.toLocaleString('zh-CN')}</td><td>{p.quota.toLocaleString('zh-CN')}</td></tr>)}</tbody>
    </table>
  );
}

function Reveal({ view, page }: { view: KioskView; page: RevealPage }) {
  const pool = view.ceremony!.state.package!.pools[page.pool]!;
  return (
    <div style={{ position: 'relative' }}>
      <div className="reveal-head"><span><bdi>{visibleText(pool.name)}</bdi></span><span data-testid="reveal-page">第 {page.page + 1} / {page.pages} 页</span></div>
      <div className="reveal-grid" key={`${page.pool}-${page.page}`}>
        {page.rows.map((r, i) => (
          <div className={`reveal-cell ${r.status}`} key={r.rank} style={{ animationDelay: `${i * 40}ms` }}>
            <span className="rank">{r.status === 'winner' ? '中签' : '候补'} · 第 {r.rank} 名</span>
            <span className="code">{r.code}</span>
          </div>
        ))}
      </div>
      <div className="progress" style={{ transform: `scaleX(${(page.page + 1) / page.pages})` }} />
    </div>
  );
}

function Summary({ view }: { view: KioskView }) {
  const s = view.ceremony!.state;
  return (
    <div className="summary">
      <div>种子 Seed: {s.seed}</div>
      {s.package!.pools.map((p, i) => <div key={p.id}><bdi>{visibleText(p.name)}</bdi>: 中签 {s.results!.pools[i]!.winners.toLocaleString('zh-CN')} · 候补 {s.results!.pools[i]!.alternatesDrawn.toLocaleString('zh-CN')}</div>)}
      <div style={{ fontSize: 28, color: '#9fb3d6' }}>{s.phase === 'closed' ? '仪式已结束 · The ceremony is closed' : '结果已封存 · Results sealed'}</div>
    </div>
  );
}
