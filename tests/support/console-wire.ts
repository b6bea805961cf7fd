// Commands straight on the console's wire, for the steps a test only needs done (the subject
// being elsewhere): each must succeed; the views the wire is pushed, the last one at hand.
import type { CommandName, KioskView } from '../../electron/contract/kiosk-api.ts';
import { openScreen } from './kiosk-wire.ts';

export interface ConsoleWire {
  call(command: CommandName, args: unknown): Promise<void>;
  /** The last view pushed. */
  view(): KioskView | undefined;
  close(): Promise<void>;
}

export async function consoleWire(consoleUrl: string): Promise<ConsoleWire> {
  const screen = await openScreen(consoleUrl, 'console');
  return {
    call: async (command, args) => {
      const reply = await screen.call(command, args);
      if (!reply.ok) throw new Error(`${command}: ${JSON.stringify(reply.failure)}`);
    },
    view: () => screen.views.at(-1),
    close: () => screen.close(),
  };
}
