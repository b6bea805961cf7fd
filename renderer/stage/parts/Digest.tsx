// A digest large, in groups of four, as the notary compares it with the printed one.
import { groupsOfFour } from '../../../draw-core/bundle-words.ts';
import { Say } from './Say.tsx';

export function Digest({ zh, en, hex, className, testId }: { zh: string; en: string; hex: string; className: string; testId: string }) {
  return (
    <div className={`digest ${className}`} data-testid={testId}>
      <Say zh={zh} en={en} joiner=" " className="label" />
      <div className="hex">{groupsOfFour(hex)}</div>
    </div>
  );
}
