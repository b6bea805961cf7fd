// The ceremony's steps, the current one marked.
import type { Phase } from '../../../draw-core/ceremony.ts';
import { STEPS, useT } from '../../i18n.ts';

export function Stepper({ phase }: { phase: Phase }) {
  const t = useT();
  const current = STEPS.findIndex((s) => s.phases.includes(phase));
  return (
    <ol className="stepper" aria-label="steps">
      {STEPS.map((s, i) => (
        <li key={s.en} className={i < current ? 'done' : i === current ? 'current' : ''} aria-current={i === current ? 'step' : undefined}>
          {i + 1}. {t(s.zh, s.en)}
        </li>
      ))}
    </ol>
  );
}
