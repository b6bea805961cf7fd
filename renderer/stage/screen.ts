// What a stage screen is given, and what it is: a function of the view alone.
import type { ComponentType } from 'react';
import type { CeremonyState } from '../../draw-core/ceremony.ts';
import type { KioskView, RevealPage } from '../../electron/contract/kiosk-api.ts';

export interface ScreenProps {
  readonly view: KioskView;
  /** The ceremony's state; before any ceremony, the initial state (phase `new`). */
  readonly state: CeremonyState;
  /** The reveal page the host has turned to, once fetched (see useRevealPage). */
  readonly page: RevealPage | undefined;
}

export type Screen = ComponentType<ScreenProps>;
