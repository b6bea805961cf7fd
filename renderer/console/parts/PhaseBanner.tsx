// Where the ceremony is: what this phase is, what comes next and the key that goes there, and
// how long the phase has lasted (ticking, from the journal time that began it, in Beijing time).
// A locked ceremony's next step is always the notary's PIN, whatever its phase.
import { useEffect, useState } from 'react';
import { beijingTime } from '../../../draw-core/bundle-words.ts';
import type { Phase } from '../../../draw-core/ceremony.ts';
import type { Words } from '../../../electron/contract/failures.ts';
import { PHASE_WORDS, useSay, useT } from '../../i18n.ts';

interface Guide {
  /** Where the ceremony stands, beyond the phase's name. */
  readonly now: Words;
  /** What the host or the notary does next. */
  readonly next: Words;
  /** Where the shortcut goes: the first field or button of what is done next (a selector). */
  readonly go: string;
}

/**
 * The shortcut only moves the focus: it never presses anything, so a notary's confirmation or
 * anything irreversible is still the armed press it always is.
 */
const SHORTCUT = 'Alt+N';
const CREATE = 'input[name=period]';
const ENDED: Words = { zh: '可查看本仪式，或创建新仪式', en: 'look through this ceremony, or create a new one' };

/** Locked after a restart: the prompt pinned at the top (parts/LockedCeremony.tsx), its PIN or, without one, its button. */
const UNLOCK: Pick<Guide, 'next' | 'go'> = {
  next: { zh: '公证员在顶部的锁定提示中输入 PIN，按「继续」解锁，才能进行本步骤', en: 'the notary types the PIN in the locked prompt at the top and presses Continue: only then can this step be taken' },
  go: '[data-testid=locked-ceremony] :is(input, button)',
};

const GUIDE: Record<Phase, Guide> = {
  new: {
    now: { zh: '本机尚未打开任何仪式', en: 'no ceremony is open on this kiosk' },
    next: { zh: '创建仪式，或从列表继续已有仪式', en: 'create a ceremony, or resume one from the list' },
    go: CREATE,
  },
  created: {
    now: { zh: '尚无数据包', en: 'there is no package yet' },
    next: { zh: '导入管理系统封存的数据包', en: 'import the package the management system sealed' },
    go: 'input[name=package-path]',
  },
  imported: {
    now: { zh: '大屏显示数据包的各池与封存摘要', en: "the stage shows the package's pools and its seal digest" },
    next: { zh: '公证员将封存摘要与纸质记录逐组核对，一致后以 PIN 确认；不一致则导入纸质记录所载的数据包', en: 'the notary compares the seal digest with the paper record, group by group, and confirms with the PIN; if they differ, import the package the record names' },
    go: '[data-confirm=seal-digest] input',
  },
  seeding: {
    now: { zh: '摇号机逐个摇出球号，每个球先记入日志再显示', en: 'the ball machine draws the balls one by one; each is journaled before it is shown' },
    next: { zh: '连接摇号机（或人工双录入），直到所有球摇出', en: 'connect the ball machine (or enter by hand) until every ball is in' },
    go: 'select[name=source]',
  },
  'seed-complete': {
    now: { zh: '种子即各球号按顺序连成的数字，待公证员确认', en: "the seed is the balls' digits in order, waiting for the notary" },
    next: { zh: '公证员核对球号，以 PIN 确认种子', en: 'the notary checks the balls and confirms the seed with the PIN' },
    go: '[data-confirm=seed] input',
  },
  'seed-confirmed': {
    now: { zh: '种子已记入日志，不能再改动', en: 'the seed is journaled and can no longer change' },
    next: { zh: '按公开规范 draw-v1 计算结果', en: 'compute the results by the published spec draw-v1' },
    go: 'button[name=compute]',
  },
  computed: {
    now: { zh: '在大屏逐页揭晓（→ 下一页，← 上一页）', en: 'they are revealed on the stage page by page (→ next, ← previous)' },
    next: { zh: '揭晓至最后一页后，将证据包写入公证员的 U 盘', en: "once the last page is revealed, write the evidence bundle to the notary's USB stick" },
    go: 'input[name=bundle-target]',
  },
  sealed: {
    now: { zh: '证据包已写入 U 盘并读回校验', en: 'the evidence bundle is written to the stick and read back' },
    next: { zh: '公证员以 PIN 确认结束仪式', en: 'the notary closes the ceremony with the PIN' },
    go: '[data-confirm=close] input',
  },
  closed: { now: { zh: '不再记录任何事项', en: 'nothing more is recorded' }, next: ENDED, go: CREATE },
  aborted: { now: { zh: '不再记录任何事项', en: 'nothing more is recorded' }, next: ENDED, go: CREATE },
};

/** `since`: when the phase began, as journaled (ISO 8601 UTC); none before a ceremony is open. */
export function PhaseBanner({ phase, since, locked }: { phase: Phase; since: string | undefined; locked: boolean }) {
  const t = useT();
  const say = useSay();
  const guide = locked ? { ...GUIDE[phase], ...UNLOCK } : GUIDE[phase];
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      // By the key's place, not its letter: the same under any keyboard layout or input method.
      if (!e.altKey || e.code !== 'KeyN') return;
      e.preventDefault();
      const target = [...document.querySelectorAll<HTMLInputElement>(guide.go)].find((el) => !el.disabled);
      target?.scrollIntoView({ block: 'center' });
      target?.focus({ preventScroll: true });
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [guide.go]);
  return (
    <section className="phase-banner" data-testid="phase-banner">
      <div data-testid="phase-now">{t('当前：', 'Now: ')}<strong>{say(PHASE_WORDS[phase])}</strong> — {say(guide.now)}</div>
      <div data-testid="phase-next">
        {t('接下来：', 'Next: ')}{say(guide.next)} · <kbd>{SHORTCUT}</kbd> {t('转到此步', 'goes there')}
      </div>
      {/* Keyed by the start, so a new phase counts from its own start at once. */}
      {since && <Elapsed key={since} since={since} />}
    </section>
  );
}

/** The time spent in the phase, ticking each second. */
function Elapsed({ since }: { since: string }) {
  const t = useT();
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(seconds / 3600);
  const clock = `${hours > 0 ? `${hours}:${two(Math.floor(seconds / 60) % 60)}` : Math.floor(seconds / 60)}:${two(seconds % 60)}`;
  return (
    <div className="muted" data-testid="phase-elapsed">
      {t('本阶段已用', 'In this phase for')} <strong className="elapsed">{clock}</strong> · {t('始于', 'since')} {beijingTime(since)}
    </div>
  );
}
