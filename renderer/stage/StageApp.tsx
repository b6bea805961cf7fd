// The big screen (and OBS's browser source): a page that renders the ceremony's state.
// One 1920×1080 frame scaled to the window, so 1080p, 4K and the livestream show one picture.
import { useEffect, useLayoutEffect, useState } from 'react';
import type { KioskView, RevealPage } from '../../electron/contract/kiosk-api.ts';
import type { KioskClient } from '../api/client.ts';
import { useConnection, useView } from '../api/hooks.ts';
import { ConnectionNotice } from '../ConnectionNotice.tsx';
import { visibleText } from '../../draw-core/display-text.ts';
import { groupsOfFour } from '../../draw-core/bundle-words.ts';
import { formatCount } from '../format.ts';
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

/** The reveal page the host has turned to, fetched when it turns (and again after a reconnection, or an unlock). */
function useRevealPage(client: KioskClient, view: KioskView | undefined, connected: boolean): RevealPage | undefined {
  const [fetched, setFetched] = useState<{ dir: string; page: RevealPage | undefined }>();
  const dir = view?.ceremony?.dir;
  const reveal = view?.ceremony?.state.reveal;
  const pool = reveal?.pool;
  const pageNo = reveal?.page;
  // A ceremony reopened after a restart serves no page until the notary's PIN unlocks it: the page up before stays, then it is fetched again.
  const locked = view?.ceremony?.locked;
  useEffect(() => {
    if (dir === undefined || pool === undefined || pageNo === undefined || !connected || locked) return;
    let current = true;
    void client.call('revealPage', { pool, page: pageNo }).then((outcome) => {
      if (current) setFetched({ dir, page: outcome.ok ? outcome.value : undefined });
    });
    return () => {
      current = false;
    };
  }, [client, dir, pool, pageNo, connected, locked]);
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
      return <Summary view={view!} phase={state.phase} />;
    default:
      return <PoolsTable view={view!} />;
  }
}

function PoolsTable({ view }: { view: KioskView }) {
  const pools = view.ceremony!.state.package!.pools;
  return (
    <table className="stage-pools">
      <thead><tr><th>指标类别 Pool</th><th>有效编码 Entries</th><th>签数 Tickets</th><th>指标 Quota</th></tr></thead>
      <tbody>{pools.map((p) => <tr key={p.id}><td><bdi>{visibleText(p.name)}</bdi></td><td>{formatCount(p.entries)}</td><td>{formatCount(p.totalWeight)}</td><td>{formatCount(p.quota)}</td></tr>)}</tbody>
    </table>
  );
}

function Reveal({ view, page }: { view: KioskView; page: RevealPage }) {
  const pools = view.ceremony!.state.package!.pools;
  const pool = pools[page.pool]!;
  return (
    <div style={{ position: 'relative' }}>
      <div className="reveal-head">
        <span><bdi>{visibleText(pool.name)}</bdi></span>
        <span>
          {pools.length > 1 && <span data-testid="reveal-pool">第 {formatCount(page.pool + 1)} / {formatCount(pools.length)} 池 · </span>}
          <span data-testid="reveal-page">第 {formatCount(page.page + 1)} / {formatCount(page.pages)} 页</span>
        </span>
      </div>
      <div className="reveal-grid" key={`${page.pool}-${page.page}`}>
        {page.rows.map((r, i) => (
          <div className={`reveal-cell ${r.status}`} key={r.rank} style={{ animationDelay: `${i * 40}ms` }}>
            <span className="rank">{r.status === 'winner' ? '中签' : '候补'} · 第 {formatCount(r.rank)} 名</span>
            <span className="code">{r.code}</span>
          </div>
        ))}
      </div>
      <div className="progress" style={{ transform: `scaleX(${(page.page + 1) / page.pages})` }} />
    </div>
  );
}

/**
 * Where the results stand. "Sealed" only once the bundle-written fact is journaled, which the
 * service does only after the bundle has been read back from the stick.
 */
const RESULTS_STATUS = {
  computed: '结果已算出，即将揭晓 · Results computed, the reveal follows',
  /** The reveal has begun, but its page cannot be shown now (the ceremony reopened, waiting for the notary's PIN). */
  revealing: '结果揭晓中 · The results are being revealed',
  sealed: '结果已封存，证据包已在 U 盘上核验 · Results sealed, the bundle verified on the stick',
  closed: '仪式已结束 · The ceremony is closed',
} as const;

function Summary({ view, phase }: { view: KioskView; phase: 'computed' | 'sealed' | 'closed' }) {
  const s = view.ceremony!.state;
  const status = phase === 'computed' && s.reveal ? 'revealing' : phase;
  const evidenceDigest = phase === 'computed' ? undefined : s.bundles.at(-1)?.evidenceDigest;
  return (
    <div className="summary">
      <div>种子 Seed: {s.seed}</div>
      {s.package!.pools.map((p, i) => <div key={p.id}><bdi>{visibleText(p.name)}</bdi>: 中签 {formatCount(s.results!.pools[i]!.winners)} · 候补 {formatCount(s.results!.pools[i]!.alternatesDrawn)}</div>)}
      <div className="stage-status">{RESULTS_STATUS[status]}</div>
      {evidenceDigest && <div className="stage-evidence" data-testid="evidence-digest">证据摘要 Evidence digest<br />{groupsOfFour(evidenceDigest)}</div>}
    </div>
  );
}
