// The journal head on every frame, small in a corner: the recording witnesses it, and the report
// lists it at each confirmation.
import { groupsOfFour } from '../../../draw-core/bundle-words.ts';
import { Say } from './Say.tsx';

export function JournalHead({ head }: { head: string }) {
  return (
    <div className="journal-head" data-testid="journal-head">
      <Say zh="日志头" en="Journal head" joiner=" " />
      <span className="hex">{groupsOfFour(head.slice(0, 16))}</span>
    </div>
  );
}
