// draw simulate-machine: a ball machine on a serial port path (e.g. one end of a socat pty
// pair), speaking the generic ASCII protocol, with faults to inject. Runs until interrupted.
import { SerialPort } from 'serialport';
import { fail } from '../../draw-core/errors.ts';
import { DEFAULT_SERIAL, portProblem } from '../../hardware/ball-machine/serial-machine.ts';
import { FAULTS, MachineSimulator, type Fault, type SimulatorSink } from '../../hardware/ball-machine/simulator.ts';
import { EXIT_OK, parseCommand, usageError, wholeNumber, type Io } from './usage.ts';

export async function simulateCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommand('simulate-machine', args, {
    port: { type: 'string' },
    baud: { type: 'string' },
    balls: { type: 'string' },
    'interval-ms': { type: 'string' },
    faults: { type: 'string' },
  }, ['port'], []);
  const path = values.port!;
  const baudRate = values.baud === undefined ? DEFAULT_SERIAL.baudRate : wholeNumber('simulate-machine', '--baud', values.baud);
  if (values.balls !== undefined && !/^[0-9]{1,32}$/.test(values.balls)) {
    usageError('simulate-machine', `--balls 须为 1–32 个数字，实为 "${values.balls}"`, `--balls must be 1 to 32 digits, got "${values.balls}"`);
  }
  const faults = (values.faults ?? '').split(',').filter(Boolean);
  const unknown = faults.find((f) => !(FAULTS as readonly string[]).includes(f));
  if (unknown) usageError('simulate-machine', `未知故障 "${unknown}"，可选：${FAULTS.join(',')}`, `unknown fault "${unknown}"; faults: ${FAULTS.join(',')}`);

  const open = () => new Promise<SerialPort>((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    port.open((err) => (err ? reject(err) : resolve(port)));
  });
  let port: SerialPort;
  try {
    port = await open();
  } catch (e) {
    fail({ file: path }, 'port-open', portProblem(path, e), portProblem(path, e));
  }
  const sink: SimulatorSink = {
    write: (bytes) => new Promise((resolve) => port.write(Buffer.from(bytes), () => port.drain(() => resolve()))),
    close: () => new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
    reopen: async () => {
      port = await open();
    },
  };
  const simulator = new MachineSimulator({
    balls: values.balls,
    count: 32,
    intervalMs: values['interval-ms'] === undefined ? 1000 : wholeNumber('simulate-machine', '--interval-ms', values['interval-ms']),
    faults: faults as Fault[],
  }, sink);
  io.err(`模拟摇号机 / simulating a ball machine on ${path}: balls ${simulator.balls}${faults.length ? `, faults ${faults.join(',')}` : ''}`);
  const stopped = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await Promise.race([simulator.run().then(() => stopped), stopped]);
  await simulator.stop();
  return EXIT_OK;
}
