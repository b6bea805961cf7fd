// Whether this is the real draw or a rehearsal, at a glance on every console screen: a band in
// its own colour, its label in both languages whatever the page's language.
import type { KioskView } from '../../../electron/contract/kiosk-api.ts';

export type CeremonyKindShown = 'real' | 'rehearsal' | 'none';

const LABEL: Record<CeremonyKindShown, string> = {
  real: '正式摇号 · REAL DRAW',
  rehearsal: '演练 · REHEARSAL',
  none: '未打开仪式 · No ceremony open',
};

export function kindShown(view: KioskView): CeremonyKindShown {
  const ceremony = view.ceremony?.state.ceremony;
  return !ceremony ? 'none' : ceremony.rehearsal ? 'rehearsal' : 'real';
}

export function KindBand({ kind }: { kind: CeremonyKindShown }) {
  return <div className={`band band-${kind}`} data-testid="kind-band">{LABEL[kind]}</div>;
}
