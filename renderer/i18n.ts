// Simplified Chinese first, English on a switch: every text is written as a pair where it is used.
import { createContext, useContext } from 'react';
import type { Words } from '../electron/contract/failures.ts';
import type { Lang } from '../electron/contract/kiosk-api.ts';
import type { CeremonyState, Phase } from '../draw-core/ceremony.ts';

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

/**
 * The ceremony's steps as the step bar shows them, each done once its fact is journaled (the facts
 * the phase follows from, draw-core/ceremony.ts), so an aborted ceremony shows the steps it reached.
 */
export const STEPS: readonly { readonly words: Words; readonly done: (s: CeremonyState) => boolean }[] = [
  { words: { zh: '创建仪式', en: 'Create' }, done: (s) => s.ceremony !== undefined },
  { words: { zh: '导入数据包', en: 'Import' }, done: (s) => s.package !== undefined },
  { words: { zh: '核对封存摘要', en: 'Seal digest' }, done: (s) => s.sealDigestConfirmed },
  { words: { zh: '摇号', en: 'Balls' }, done: (s) => s.balls.length === s.package?.balls },
  { words: { zh: '确认种子', en: 'Confirm seed' }, done: (s) => s.seed !== undefined },
  { words: { zh: '计算结果', en: 'Compute' }, done: (s) => s.results !== undefined },
  { words: { zh: '揭晓与封存', en: 'Reveal & seal' }, done: (s) => s.bundles.length > 0 },
  { words: { zh: '结束仪式', en: 'Close' }, done: (s) => s.phase === 'closed' },
];

/** The step a ceremony is at (an index of STEPS): the first not done; past the last once all are. */
export function stepAt(state: CeremonyState): number {
  const at = STEPS.findIndex((step) => !step.done(state));
  return at < 0 ? STEPS.length : at;
}
