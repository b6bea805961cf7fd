// The draw: a slot for each ball, each ball arriving at its position n of B; a voided ball shown
// voided with its reason; an alarm pausing the draw; then the notary checking the seed.
import type { CSSProperties } from 'react';
import type { CeremonyState } from '../../../draw-core/ceremony.ts';
import { visibleText } from '../../../draw-core/display-text.ts';
import { formatCount } from '../../format.ts';
import { Ball } from '../parts/Ball.tsx';
import { FitText } from '../parts/FitText.tsx';
import { Say } from '../parts/Say.tsx';
import type { ScreenProps } from '../screen.ts';

/** The slots' grid in the frame's pixels: up to 10 a row, the balls as large as the rows allow (1 to 32 balls). */
const SLOTS = { width: 1728, height: 380, gap: 24, label: 34, largest: 150 };

function slotsStyle(balls: number): CSSProperties {
  const rows = Math.ceil(balls / 10);
  const columns = Math.ceil(balls / rows);
  const ball = Math.floor(Math.min(SLOTS.largest, (SLOTS.width - (columns - 1) * SLOTS.gap) / columns - 8, (SLOTS.height - (rows - 1) * SLOTS.gap) / rows - SLOTS.label));
  return { '--ball': `${ball}px`, gridTemplateColumns: `repeat(${columns}, ${ball + 8}px)` } as CSSProperties;
}

/** What the audience is told now. */
function Status({ state }: { state: CeremonyState }) {
  const B = state.package!.balls;
  const n = state.balls.length;
  if (state.alarm) {
    return <Say className="lead alert" testId="draw-status" zh={`第 ${state.alarm.n} 个球读数异常，摇号暂停，等待核实`} en={`The reading of ball ${state.alarm.n} is in question: the draw is paused for a check`} />;
  }
  if (state.phase === 'seed-complete') {
    return <Say className="lead" testId="draw-status" zh={`${formatCount(B)} 个球已全部摇出 · 公证员正在核对种子`} en={`All ${formatCount(B)} balls are drawn · the notary is checking the seed`} />;
  }
  if (n === 0) return <Say className="lead" testId="draw-status" zh={`等待第 1 / ${formatCount(B)} 个球`} en={`Waiting for ball 1 of ${formatCount(B)}`} />;
  return <Say className="lead" testId="draw-status" zh={`第 ${formatCount(n)} / ${formatCount(B)} 个球：${state.balls[n - 1]}`} en={`Ball ${formatCount(n)} of ${formatCount(B)}: ${state.balls[n - 1]}`} />;
}

export function Draw({ state }: ScreenProps) {
  const B = state.package!.balls;
  // The latest voided ball is told with its reason; earlier ones are in the journal and the report.
  const voided = state.voided.at(-1);
  return (
    <div className="screen draw">
      <Status state={state} />
      <div className="seed-slots" data-testid="seed-slots" style={slotsStyle(B)}>
        {Array.from({ length: B }, (_, i) => (
          <div className={i === state.balls.length - 1 ? 'seed-slot latest' : 'seed-slot'} key={i}>
            <div className="socket">{state.balls[i] !== undefined && <Ball digit={state.balls[i]} key={`${i}-${state.balls[i]}`} />}</div>
            <span className="position">{formatCount(i + 1)}</span>
          </div>
        ))}
      </div>
      {voided && (
        <div className="voided" data-testid="voided" key={state.voided.length}>
          <Ball digit={voided.digit} voided />
          <div className="voided-words">
            <Say zh={`第 ${formatCount(voided.n)} 个球（${voided.digit}）已作废，重摇此位`} en={`Ball ${formatCount(voided.n)} (${voided.digit}) was voided and is drawn again`} />
            <FitText text={`理由 Reason: ${visibleText(voided.reason)}`} max={26} min={18} className="reason" />
          </div>
        </div>
      )}
    </div>
  );
}
