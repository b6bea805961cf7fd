// The frame every screen sits in: 1920×1080, scaled whole to the window. All it shows is inside
// the title-safe area (EBU R 95: the central 90%, 96 px and 54 px margins in the frame's pixels):
// the brand, the title block and the phase at the top, the screen, the rules and the journal head
// at the bottom. A rehearsal is watermarked under everything and tagged in the corner.
import type { ReactNode } from 'react';
import type { CeremonyKind, CeremonyState } from '../../../draw-core/ceremony.ts';
import { visibleText } from '../../../draw-core/display-text.ts';
import { PHASE_WORDS } from '../../i18n.ts';
import { LOGO, THEME } from '../theme.ts';
import { FitText } from './FitText.tsx';
import { RehearsalTag, Watermark } from './Rehearsal.tsx';
import { Say } from './Say.tsx';
import { JournalHead } from './JournalHead.tsx';

const KIND = {
  'quota-allocation': { zh: '增量指标配置', en: 'Quota allocation' },
  'representative-selection': { zh: '申请人代表抽取', en: 'Selection of applicant representatives' },
} as const satisfies Record<CeremonyKind, unknown>;

function TitleBlock({ state }: { state: CeremonyState }) {
  const c = state.ceremony;
  return (
    <div className="title-block">
      <FitText text={state.package ? visibleText(state.package.title) : THEME.title.zh} max={60} min={44} className="title" testId="title" />
      {c
        ? <Say className="sub" zh={`${c.period} 期 · ${KIND[c.kind].zh}`} en={`Period ${c.period} · ${KIND[c.kind].en}`} />
        : <Say className="sub" zh={THEME.title.zh} en={THEME.title.en} />}
    </div>
  );
}

export interface FrameProps {
  readonly state: CeremonyState;
  readonly scale: number;
  readonly reducedMotion: boolean;
  readonly locked: boolean;
  readonly journalHead: string | undefined;
  /** The line telling the connection is down, in place of the rules while it is. */
  readonly notice: ReactNode;
  readonly children: ReactNode;
}

export function Frame({ state, scale, reducedMotion, locked, journalHead, notice, children }: FrameProps) {
  const rehearsal = state.ceremony?.rehearsal ?? false;
  return (
    <div className="stage-frame" style={{ transform: `scale(${scale})` }} data-phase={state.phase} data-motion={reducedMotion ? 'reduced' : 'full'}>
      {rehearsal && <Watermark />}
      <div className="safe" data-testid="safe-area">
        <header className="stage-head">
          <div className="brand" data-testid="brand">
            <img src={LOGO} alt="" />
            <FitText text={THEME.organization.zh} max={22} min={18} className="org zh" />
            <FitText text={THEME.organization.en} max={18} min={18} className="org en" />
          </div>
          <TitleBlock state={state} />
          <div className="corner">
            {rehearsal && <RehearsalTag />}
            {state.ceremony && (
              <Say className="phase-tag" testId="phase-tag" {...(locked ? { zh: '已暂停 · 等待公证员', en: 'Paused for the notary' } : PHASE_WORDS[state.phase])} />
            )}
          </div>
        </header>
        <main className="stage-main">{children}</main>
        <footer className="stage-foot">
          {notice ?? <Say className="rules" zh="依据公开的摇号规范 draw-v1 · 结果可由任何人复核" en="Published rules draw-v1 · anyone can verify the results" />}
          {journalHead && <JournalHead head={journalHead} />}
        </footer>
      </div>
    </div>
  );
}
