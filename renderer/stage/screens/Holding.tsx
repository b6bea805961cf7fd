// Before the draw (no ceremony yet, or created and waiting for its package): a holding slate with
// the period, the venue, and the countdown to the scheduled start when one was announced.
import { useEffect, useState } from 'react';
import { visibleText } from '../../../draw-core/display-text.ts';
import { formatCount } from '../../format.ts';
import { FitText } from '../parts/FitText.tsx';
import { Say } from '../parts/Say.tsx';
import type { ScreenProps } from '../screen.ts';

const BEIJING = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The time now, once a second. */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

const two = (n: number) => String(n).padStart(2, '0');

function Countdown({ at }: { at: string }) {
  const now = useNow();
  const left = Math.max(0, Math.ceil((Date.parse(at) - now) / 1000));
  const days = Math.floor(left / 86_400);
  const clock = `${two(Math.floor((left % 86_400) / 3600))}:${two(Math.floor((left % 3600) / 60))}:${two(left % 60)}`;
  return (
    <div className="countdown" data-testid="countdown">
      <Say className="label" zh="距开始" en="Starts in" />
      {left === 0
        ? <Say className="value" zh="即将开始" en="Starting now" />
        : <div className="clock">{days > 0 && <span className="days">{formatCount(days)} 天 / days · </span>}{clock}</div>}
    </div>
  );
}

export function Holding({ state }: ScreenProps) {
  const c = state.ceremony;
  if (!c) return <div className="screen holding"><Say className="lead" zh="欢迎 · 仪式即将开始" en="Welcome · the draw will begin shortly" /></div>;
  return (
    <div className="screen holding" data-testid="holding">
      <Say className="lead" zh="欢迎 · 仪式即将开始" en="Welcome · the draw will begin shortly" />
      <div className="facts">
        <div className="fact"><Say className="label" zh="期号" en="Period" /><div className="value">{c.period}</div></div>
        {c.venue && <div className="fact venue"><Say className="label" zh="地点" en="Venue" /><FitText text={visibleText(c.venue)} max={40} min={24} className="value" testId="venue" /></div>}
        {c.scheduledStart && (
          <div className="fact"><Say className="label" zh="开始时间（北京时间）" en="Starts at (Beijing time)" /><div className="value">{BEIJING.format(Date.parse(c.scheduledStart))}</div></div>
        )}
      </div>
      {c.scheduledStart && <Countdown at={c.scheduledStart} />}
    </div>
  );
}
