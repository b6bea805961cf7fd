// Every text on the stage in both languages: Simplified Chinese, English beneath. The joiner is
// not shown but stays in the page's text, so a reader of the text (a screen reader, a test) gets one line.
import type { ReactNode } from 'react';

export function Say({ zh, en, className, testId, joiner = ' · ' }: { zh: ReactNode; en: ReactNode; className?: string; testId?: string; joiner?: string }) {
  return (
    <div className={className ? `say ${className}` : 'say'} data-testid={testId}>
      <span className="zh">{zh}</span>
      <span className="joiner">{joiner}</span>
      <span className="en">{en}</span>
    </div>
  );
}
