// Simplified Chinese first, English on a switch: every text is written as a pair where it is used.
import { createContext, useContext } from 'react';
import type { Lang } from '../electron/contract/kiosk-api.ts';
import type { Phase } from '../draw-core/ceremony.ts';

export const LangContext = createContext<Lang>('zh');

export function useT(): (zh: string, en: string) => string {
  const lang = useContext(LangContext);
  return (zh, en) => (lang === 'zh' ? zh : en);
}

/** The ceremony's steps as the stepper shows them. */
export const STEPS: { phases: Phase[]; zh: string; en: string }[] = [
  { phases: ['new', 'created'], zh: '创建', en: 'Create' },
  { phases: ['imported'], zh: '导入与公证', en: 'Import & notary' },
  { phases: ['seeding', 'seed-complete'], zh: '摇号', en: 'Balls' },
  { phases: ['seed-confirmed'], zh: '计算', en: 'Compute' },
  { phases: ['computed'], zh: '揭晓', en: 'Reveal' },
  { phases: ['sealed'], zh: '封存', en: 'Seal' },
  { phases: ['closed', 'aborted'], zh: '结束', en: 'Close' },
];

