// The ceremony aborted: said plainly, with the reason the host gave and the notary confirmed.
import { visibleText } from '../../../draw-core/display-text.ts';
import { FitText } from '../parts/FitText.tsx';
import { Say } from '../parts/Say.tsx';
import type { ScreenProps } from '../screen.ts';

export function Aborted({ state }: ScreenProps) {
  return (
    <div className="screen aborted" data-testid="aborted">
      <Say className="lead alert" zh="本次摇号仪式已中止" en="The draw ceremony was aborted" />
      <div className="reason-box">
        <Say className="label" zh="理由" en="Reason" />
        <FitText text={visibleText(state.aborted ?? '')} max={40} min={24} className="reason" testId="abort-reason" />
      </div>
      <Say className="status" zh="中止前的每一项记录都保存在日志中，可供复核" en="Everything recorded before the abort stays in the journal, open to verification" />
    </div>
  );
}
