// Simplified Chinese first, English on a switch: every text is written as a pair where it is used.
import { createContext, useContext } from 'react';
import type { Words } from '../electron/contract/failures.ts';
import type { Lang } from '../electron/contract/kiosk-api.ts';
import { phaseReached, type CeremonyState, type Phase } from '../draw-core/ceremony.ts';

export const LangContext = createContext<Lang>('zh');

export function useT(): (zh: string, en: string) => string {
  const lang = useContext(LangContext);
  return (zh, en) => (lang === 'zh' ? zh : en);
}

/** A pair of words in the page's language. */
export function useSay(): (words: Words) => string {
  const lang = useContext(LangContext);
  return (words) => words[lang];
}

/** Each phase of the ceremony by name (the resume list, the phase banner, the step bar's abort): a new phase does not compile without its words. */
export const PHASE_WORDS: Record<Phase, Words> = {
  new: { zh: '未创建', en: 'Not created' },
  created: { zh: '已创建', en: 'Created' },
  imported: { zh: '已导入', en: 'Package imported' },
  seeding: { zh: '摇号中', en: 'Drawing the balls' },
  'seed-complete': { zh: '球已摇齐', en: 'All balls drawn' },
  'seed-confirmed': { zh: '种子已确认', en: 'Seed confirmed' },
  computed: { zh: '结果已计算', en: 'Results computed' },
  sealed: { zh: '已封存', en: 'Sealed' },
  closed: { zh: '已结束', en: 'Closed' },
  aborted: { zh: '已中止', en: 'Aborted' },
};

/** The ceremony's steps as the step bar shows them, each the thing to do in one phase. */
export const STEPS: readonly Words[] = [
  { zh: '创建仪式', en: 'Create' },
  { zh: '导入数据包', en: 'Import' },
  { zh: '核对封存摘要', en: 'Seal digest' },
  { zh: '摇号', en: 'Balls' },
  { zh: '确认种子', en: 'Confirm seed' },
  { zh: '计算结果', en: 'Compute' },
  { zh: '揭晓与封存', en: 'Reveal & seal' },
  { zh: '结束仪式', en: 'Close' },
];

/** The step each phase is at (an index of STEPS): a new phase does not compile until it is given its step. */
const STEP_OF: Record<Exclude<Phase, 'aborted'>, number> = {
  new: 0,
  created: 1,
  imported: 2,
  seeding: 3,
  'seed-complete': 4,
  'seed-confirmed': 5,
  computed: 6,
  sealed: 7,
  closed: STEPS.length,
};

/** The step a ceremony is at: an aborted one, the step of the phase its facts reached (draw-core's own fold). */
export function stepAt(state: CeremonyState): number {
  return STEP_OF[state.phase === 'aborted' ? phaseReached(state) : state.phase];
}
