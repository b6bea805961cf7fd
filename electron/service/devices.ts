// What the kiosk service works with beyond its own code: the clock, the ball machines, OBS,
// the removable drives and the data folder. Each entry point (Electron main, the browser
// host, tests) wires them in one place and hands them to KioskService; tests swap in small
// fakes only where a device is not what they test (a clock for timeouts, drives for "no stick").
import type { BallMachine } from '../../hardware/ball-machine/machine.ts';
import { listPorts, SerialBallMachine, type PortInfo, type SerialSettings } from '../../hardware/ball-machine/serial-machine.ts';
import type { SimulatorOptions } from '../../hardware/ball-machine/simulator.ts';
import { VirtualBallMachine } from '../../hardware/ball-machine/virtual-machine.ts';
import { listRemovableDrives, type RemovableDrive } from '../../hardware/media/drives.ts';
import { ObsDirector, type ObsSettings } from '../../hardware/obs/director.ts';

export interface BallMachines {
  /** Rejects when the ports cannot be listed. */
  listPorts(): Promise<PortInfo[]>;
  serial(settings: SerialSettings): BallMachine;
  /** The simulator, for rehearsals only. */
  virtual(options: SimulatorOptions): BallMachine;
}

/** Rejects when the drives cannot be listed. */
export type DriveLister = () => Promise<RemovableDrive[]>;

export interface KioskDevices {
  /** Where ceremonies, uploads and the kiosk's operational log are kept. */
  readonly dataDir: string;
  /** Now, as ISO 8601 UTC: journal and log times, PIN delays, refusal counting. */
  readonly clock: () => string;
  readonly ballMachines: BallMachines;
  readonly obs: (settings: ObsSettings) => ObsDirector;
  /** The removable drives a bundle may be written to (the notary's stick). */
  readonly drives: DriveLister;
}

/** The real devices of this PC. */
export function realDevices(dataDir: string): KioskDevices {
  return {
    dataDir,
    clock: () => new Date().toISOString(),
    ballMachines: {
      listPorts,
      serial: (settings) => new SerialBallMachine(settings),
      virtual: (options) => new VirtualBallMachine(options),
    },
    obs: (settings) => new ObsDirector(settings),
    drives: listRemovableDrives,
  };
}
