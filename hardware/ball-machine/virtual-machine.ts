// The in-process virtual ball machine for rehearsals: the simulator's bytes go straight into
// the same protocol reader a serial port feeds, so a rehearsal exercises the real path.
import { LinkedMachine, MachineLink } from './machine.ts';
import { MachineSimulator, type SimulatorOptions } from './simulator.ts';

export class VirtualBallMachine extends LinkedMachine {
  readonly #simulator: MachineSimulator;

  constructor(opts: SimulatorOptions, silenceMs?: number) {
    super(new MachineLink('virtual', 'simulator', silenceMs));
    this.#simulator = new MachineSimulator(opts, {
      write: async (bytes) => this.link.bytes(bytes),
      close: async () => this.link.closed('虚拟摇号机已断开 / the virtual machine disconnected'),
      reopen: async () => this.link.opened(),
    });
  }

  async start(): Promise<void> {
    this.link.opened();
    void this.#simulator.run();
  }

  async stop(): Promise<void> {
    await this.#simulator.stop();
    this.link.dispose();
  }
}
