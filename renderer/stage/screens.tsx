// The stage's screen for each phase: a new phase does not compile until it has its screen here.
import type { Phase } from '../../draw-core/ceremony.ts';
import type { Screen, ScreenProps } from './screen.ts';
import { Holding } from './screens/Holding.tsx';
import { PackageCheck } from './screens/PackageCheck.tsx';
import { Draw } from './screens/Draw.tsx';
import { Computation } from './screens/Computation.tsx';
import { Reveal } from './screens/Reveal.tsx';
import { Sealing } from './screens/Sealing.tsx';
import { Ended } from './screens/Ended.tsx';
import { Aborted } from './screens/Aborted.tsx';

/** The results computed: the bundle being written, else the reveal page up, else the computation. */
function Computed(props: ScreenProps) {
  if (props.view.bundleWrite) return <Sealing {...props} />;
  return props.page ? <Reveal {...props} page={props.page} /> : <Computation {...props} />;
}

/** Sealed: another copy of the bundle may be written after the first. */
function Sealed(props: ScreenProps) {
  return props.view.bundleWrite ? <Sealing {...props} /> : <Ended {...props} />;
}

export const SCREENS: Record<Phase, Screen> = {
  new: Holding,
  created: Holding,
  imported: PackageCheck,
  seeding: Draw,
  'seed-complete': Draw,
  'seed-confirmed': Computation,
  computed: Computed,
  sealed: Sealed,
  closed: Ended,
  aborted: Aborted,
};
