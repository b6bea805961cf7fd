// The open ceremony reopened by itself after the service restarted: every screen shows it as it
// is, but nothing acts on it until the notary types the PIN here (resumeCeremony, which checks
// every MAC of the journal). Then the host goes on from the step the prompt names.
import { useState } from 'react';
import { PHASE_WORDS, stepAt, STEPS, useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';
import { Pin } from './NotaryPin.tsx';

export function LockedCeremony({ view, run }: Pick<PanelProps, 'view' | 'run'>) {
  const t = useT();
  const [pin, setPin] = useState('');
  const ceremony = view.ceremony;
  if (!ceremony?.locked) return null;
  const phase = PHASE_WORDS[ceremony.state.phase];
  // Never an ended one: those are not reopened.
  const step = STEPS[stepAt(ceremony.state)]!;
  // A ceremony without a notary PIN stays locked only when its journal or copies did not check: continuing says why.
  const needsPin = ceremony.state.ceremony?.notary !== undefined;
  const resume = async () => {
    await run('resumeCeremony', { dir: ceremony.dir, pin: pin || undefined });
    setPin('');
  };
  return (
    <section className="panel locked-ceremony" data-testid="locked-ceremony">
      <h2>仪式已在服务重启后自动重新打开，现已锁定：须由公证员输入 PIN 才能继续</h2>
      <h2>The ceremony reopened by itself after the service restarted and is locked: it goes on once the notary enters the PIN</h2>
      <p>{phase.zh}，当前步骤：{step.zh} · {phase.en}; the step now: {step.en}</p>
      <div className="row">
        {needsPin && <Pin value={pin} onChange={setPin} />}
        <button className="primary" disabled={needsPin && !pin} onClick={() => void resume()}>{t('继续', 'Continue')}</button>
      </div>
    </section>
  );
}
