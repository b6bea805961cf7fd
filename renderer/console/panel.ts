// What a console panel is given, and what the console shows in each phase.
import type { ComponentType } from 'react';
import type { Outcome } from '../../electron/contract/failures.ts';
import type { CommandName, KioskCommands, KioskView } from '../../electron/contract/kiosk-api.ts';

/**
 * Waits for the outcome of something the host did (`action` names it, the command or the
 * upload): its value, or undefined when it failed. The console's failure banner then says why,
 * so a panel never handles a failure itself; the failure stays until the same action succeeds
 * or the host dismisses it.
 */
export type Attempt = <T>(action: string, outcome: Promise<Outcome<T>>) => Promise<T | undefined>;

/** Sends a command, as an attempt named by the command. */
export type Run = <C extends CommandName>(command: C, args: KioskCommands[C]['args']) => Promise<KioskCommands[C]['result'] | undefined>;

export interface PanelProps {
  readonly view: KioskView;
  readonly run: Run;
  /**
   * Sends a command a panel makes by itself (a poll, a list read on opening): answered like
   * `run`, but it neither raises the banner nor clears it. Nobody asked, so nobody is told.
   */
  readonly quiet: Run;
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
