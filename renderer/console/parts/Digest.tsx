// A digest as people compare it: groups of four hex digits, eight to a line.
import { groupsOfFour } from '../../../draw-core/bundle-words.ts';

export function Digest({ hex, testId }: { hex: string; testId: string }) {
  return <div className="digest" data-testid={testId}>{groupsOfFour(hex).split(' ').map((g, i) => <span key={i}>{g}</span>)}</div>;
}
