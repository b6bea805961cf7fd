// The ball machine's alarm: the draw is halted until the host decides and the notary confirms.
// It says in plain words what the machine did and what each choice does (what the notary
// attests), with the machine's raw sentence small beneath for the record. Nothing is sent by
// choosing: the notary's confirmation is a second, armed press, so a single press never voids a ball.
import { useState } from 'react';
import type { AlarmDecision } from '../../../draw-core/ceremony.ts';
import { visibleText } from '../../../draw-core/display-text.ts';
import type { Words } from '../../../electron/contract/failures.ts';
import { useSay, useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';
import { NotaryButton, Pin } from './NotaryPin.tsx';

interface Choice {
  readonly decision: AlarmDecision;
  readonly title: Words;
  /** What it does, for the notary who confirms it. */
  readonly does: Words;
  /** The confirmation's words: what the armed press records. */
  readonly confirm: Words;
}

export function AlarmDialog({ view, run }: PanelProps) {
  const t = useT();
  const say = useSay();
  const state = view.ceremony!.state;
  const alarm = state.alarm!;
  const [chosen, setChosen] = useState<AlarmDecision | undefined>();
  const [pin, setPin] = useState('');
  const conflict = alarm.kind === 'conflict';
  // The ball the decision is about: a conflict's own (voided first, with any recorded after it), or the one a skip missed.
  const n = conflict ? alarm.n : alarm.expected;
  const recorded = state.balls[n - 1] ?? '—';
  const last = state.balls.length;
  const voids: Words = !conflict ? { zh: '不作废任何球', en: 'voids no ball' }
    : last > n ? { zh: `作废第 ${n}–${last} 个球（第 ${n} 个已记录为 ${recorded}）`, en: `voids balls ${n} to ${last} (ball ${n} was recorded as ${recorded})` }
    : { zh: `作废第 ${n} 个球（已记录为 ${recorded}）`, en: `voids ball ${n} (recorded as ${recorded})` };
  // What the armed press voids, named whole: ball n and every ball recorded after it.
  const voidFirst: Words = !conflict ? { zh: `第 ${n} 个球`, en: `Ball ${n}: ` }
    : last > n ? { zh: `作废第 ${n}–${last} 个球并`, en: `Void balls ${n} to ${last} and ` }
    : { zh: `作废第 ${n} 个球并`, en: `Void ball ${n} and ` };
  const choices: readonly Choice[] = [
    {
      decision: 'machine-next',
      title: { zh: '取摇号机下一读数', en: "Take the machine's next reading" },
      does: { zh: `${voids.zh}；第 ${n} 个球取摇号机的下一个读数（摇号机须重新报告第 ${n} 个球）。`, en: `It ${voids.en}; ball ${n} is the machine's next reading (the machine must report ball ${n} again).` },
      confirm: { zh: `${voidFirst.zh}取摇号机下一读数`, en: `${voidFirst.en}take the machine's next reading` },
    },
    {
      decision: 'manual',
      title: { zh: '改为人工录入', en: 'Enter by hand' },
      does: { zh: `${voids.zh}；第 ${n} 个球由主持人与公证员看球后人工双录入。`, en: `It ${voids.en}; host and notary look at ball ${n} and each enter it by hand.` },
      confirm: { zh: `${voidFirst.zh}改为人工录入`, en: `${voidFirst.en}enter it by hand` },
    },
  ];
  const what: Words = conflict
    ? {
      zh: `摇号机对第 ${n} 个球给出了两个不同的号码：已记录为 ${recorded}，又报告为 ${alarm.digit}。无法判断哪个是真实球号，摇号已暂停。`,
      en: `The ball machine gave two different digits for ball ${n}: recorded as ${recorded}, then reported as ${alarm.digit}. Which is the real ball cannot be told, so the draw is halted.`,
    }
    : {
      zh: `摇号机跳过了第 ${n} 个球：等待第 ${n} 个球时，它报告了第 ${alarm.n} 个球（${alarm.digit}）。第 ${n} 个球的号码没有收到，摇号已暂停。`,
      en: `The ball machine skipped ball ${n}: while waiting for it, it reported ball ${alarm.n} (${alarm.digit}). Ball ${n}'s digit never arrived, so the draw is halted.`,
    };
  const choice = choices.find((c) => c.decision === chosen);
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="alertdialog" aria-labelledby="alarm-title" aria-describedby="alarm-what">
        <h2 id="alarm-title">{t('摇号机警报：摇号已暂停', 'Ball machine alarm: the draw is halted')}</h2>
        <p id="alarm-what" data-testid="alarm">{say(what)}</p>
        <p className="muted">{t('主持人选择处理方式，公证员核对后以 PIN 确认（按两次）。', 'The host chooses what to do; the notary checks it and confirms with the PIN (two presses).')}</p>
        <div className="choices">
          {choices.map((c) => (
            <div key={c.decision} className="choice" data-testid={`choice-${c.decision}`}>
              <button aria-pressed={chosen === c.decision} className={chosen === c.decision ? 'chosen' : ''} onClick={() => setChosen(c.decision)}>{say(c.title)}</button>
              <p>{say(c.does)}</p>
            </div>
          ))}
        </div>
        {choice && (
          <div className="row">
            <Pin value={pin} onChange={setPin} />
            <NotaryButton key={choice.decision} pin={pin} className={conflict ? 'danger' : 'primary'} armed={`${t('再按一次确认：', 'Press again to confirm: ')}${say(choice.confirm)}`}
              onConfirm={() => void run('resolveAlarm', { decision: choice.decision, pin: pin || undefined })}>
              {t('公证员确认：', 'Notary confirms: ')}{say(choice.confirm)}
            </NotaryButton>
          </div>
        )}
        <p className="raw" data-testid="alarm-raw">{t('摇号机原始语句（供记录）', "The machine's raw sentence, for the record")}: <code>{visibleText(alarm.reading)}</code></p>
      </div>
    </div>
  );
}
