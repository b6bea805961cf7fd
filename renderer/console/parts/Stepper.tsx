// The ceremony's steps: those done, the one it is at; all done once it is closed. An aborted
// ceremony shows the steps it reached and the one it was aborted at.
import type { CeremonyState } from '../../../draw-core/ceremony.ts';
import { PHASE_WORDS, stepAt, STEPS, useSay } from '../../i18n.ts';

export function Stepper({ state }: { state: CeremonyState }) {
  const say = useSay();
  const at = stepAt(state);
  const aborted = state.phase === 'aborted';
  return (
    <ol className="stepper" aria-label="steps">
      {STEPS.map((s, i) => {
        const mark = i < at ? 'done' : i > at ? '' : aborted ? 'aborted' : 'current';
        return (
          <li key={s.en} className={mark} aria-current={mark === 'current' ? 'step' : undefined}>
            {i + 1}. {say(s)}{mark === 'aborted' && ` · ${say(PHASE_WORDS.aborted)}`}
          </li>
        );
      })}
    </ol>
  );
}
