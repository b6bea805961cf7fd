// What a console panel is given, and what the console shows in each phase.
import type { ComponentType } from 'react';
import type { Outcome } from '../../electron/contract/failures.ts';
import type { CommandName, KioskCommands, KioskView } from '../../electron/contract/kiosk-api.ts';

/**
 * Waits for an outcome: its value, or undefined when it failed. The console's failure banner
 * then says why, so a panel never handles a failure itself.
 */
export type Attempt = <T>(outcome: Promise<Outcome<T>>) => Promise<T | undefined>;

/** Sends a command, as an attempt. */
export type Run = <C extends CommandName>(command: C, args: KioskCommands[C]['args']) => Promise<KioskCommands[C]['result'] | undefined>;

export interface PanelProps {
  readonly view: KioskView;
  readonly run: Run;
  readonly attempt: Attempt;
}

/** What the console shows in one phase of the ceremony. */
export interface Panel {
  /**
   * The phase's own panels, in order. A name two phases share keeps its panel, and what was
   * typed in it, across the step from one to the other.
   */
  readonly panels: Readonly<Record<string, ComponentType<PanelProps>>>;
  /** The ceremony can still go on: OBS and the abort button are offered. */
  readonly live: boolean;
  /** The stage is worth watching from the console: its preview is shown. */
  readonly preview: boolean;
}
