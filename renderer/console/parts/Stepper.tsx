// The ceremony's steps: those done, the one the phase is at; all done once the ceremony has ended.
import type { Phase } from '../../../draw-core/ceremony.ts';
import { STEP_OF, STEPS, useSay } from '../../i18n.ts';

export function Stepper({ phase }: { phase: Phase }) {
  const say = useSay();
  const current = STEP_OF[phase];
  return (
    <ol className="stepper" aria-label="steps">
      {STEPS.map((s, i) => (
        <li key={s.en} className={i < current ? 'done' : i === current ? 'current' : ''} aria-current={i === current ? 'step' : undefined}>
          {i + 1}. {say(s)}
        </li>
      ))}
    </ol>
  );
}
