// The in-process virtual machine through the same protocol reader, into a ceremony by the
// protocol's rules; heartbeat silence and a dropped link; alarms decided by the host; manual
// dual entry by host and notary.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BallMachine, MachineStatus } from '../hardware/ball-machine/machine.ts';
import type { Fault } from '../hardware/ball-machine/simulator.ts';
import { VirtualBallMachine } from '../hardware/ball-machine/virtual-machine.ts';
import { BallIntake } from '../electron/service/ball-intake.ts';
import { unwrap } from '../electron/node/failure.ts';
import { CeremonyService } from '../electron/service/ceremony-service.ts';
import { failureOf } from './support/outcomes.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';
import { sleep } from './support/pty-pair.ts';

const PIN = { pin: '135790' };
const pkg = writePackage([{ id: 'P', entries: simpleEntries(30), quota: 3 }], { balls: 6 });
const open: { dispose(): void }[] = [];
const machines: BallMachine[] = [];
afterEach(async () => {
  for (const m of machines.splice(0)) await m.stop();
  for (const o of open.splice(0)) o.dispose();
});

/** A rehearsal (the virtual machine's balls are simulated, which only a rehearsal takes) with a notary PIN. */
async function drawing(): Promise<CeremonyService> {
  const s = unwrap(CeremonyService.create(join(tempDir(), 'state'), { period: 'test-1', kind: 'quota-allocation', rehearsal: true, notaryPin: PIN.pin }));
  open.push(s);
  unwrap(await s.importPackage(pkg));
  unwrap(s.confirmSealDigest(PIN));
  return s;
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(10);
  }
}

function virtual(faults: Fault[], extra: { dropMs?: number; silenceMs?: number } = {}) {
  const m = new VirtualBallMachine({ balls: '048213', intervalMs: 20, faults, heartbeatMs: 50, dropMs: extra.dropMs }, extra.silenceMs);
  machines.push(m);
  const seen: MachineStatus['link'][] = [];
  m.onStatus((st) => {
    if (seen.at(-1) !== st.link) seen.push(st.link);
  });
  return { m, seen };
}

describe('virtual machine into a ceremony', () => {
  for (const faults of [[], ['noise'], ['badsum'], ['dup'], ['noise', 'badsum', 'dup']] as Fault[][]) {
    it(`faults [${faults.join(',')}]: exactly the intended balls, source simulator`, async () => {
      const s = await drawing();
      const { m } = virtual(faults);
      open.push(new BallIntake(s, m));
      await m.start();
      await until(() => s.state.balls.length === 6);
      expect(s.state.balls.join('')).toBe('048213');
      expect(s.records.filter((r) => r.type === 'ball-drawn').every((r) => (r.data as { source: string }).source === 'simulator')).toBe(true);
      if (faults.includes('badsum')) expect(m.status.discarded.badsum).toBeGreaterThanOrEqual(6);
    });
  }

  it('heartbeat silence shows the link as silent; a drop shows it down, then the balls go on', async () => {
    const silent = virtual(['silent'], { silenceMs: 200 });
    await silent.m.start();
    await until(() => silent.m.status.link === 'silent');
    expect(silent.m.status.linkReason).toMatch(/no heartbeat/);

    const s = await drawing();
    const dropped = virtual(['drop'], { dropMs: 300 });
    open.push(new BallIntake(s, dropped.m));
    await dropped.m.start();
    await until(() => s.state.balls.length === 6);
    expect(s.state.balls.join('')).toBe('048213');
    expect(dropped.seen).toEqual(expect.arrayContaining(['up', 'down']));
    expect(dropped.seen.lastIndexOf('up')).toBeGreaterThan(dropped.seen.indexOf('down'));
  });

  it('a conflict halts; the host decides "manual", the notary confirms; the machine is then ignored for that index', async () => {
    const s = await drawing();
    const { m } = virtual(['conflict']);
    const intake = new BallIntake(s, m);
    open.push(intake);
    await m.start();
    await until(() => s.state.alarm !== undefined);
    expect(s.state.alarm).toMatchObject({ kind: 'conflict', n: 3, digit: '9' });
    await until(() => intake.notes.some((n) => n.verdict === 'halted')); // balls 4.. arrive and are held back
    expect(s.state.balls.join('')).toBe('048');
    expect(failureOf(s.resolveBallAlarm('manual', { pin: '000000' }))).toEqual({ kind: 'pin-wrong', onResume: false });
    unwrap(s.resolveBallAlarm('manual', PIN));
    expect(s.state.balls.join('')).toBe('04'); // ball 3 voided, journaled with the reason
    expect(failureOf(s.resolveBallAlarm('manual', PIN))).toMatchObject({ kind: 'refused', rule: 'no-alarm' }); // decided once
    expect(s.records.at(-2)?.type).toBe('ball-voided');
    expect(failureOf(s.recordBall(3, '8', 'machine', '$BALL,3,8*08'))).toMatchObject({ kind: 'refused', rule: 'manual-expected' });
    expect(failureOf(s.enterManualBall('8', '3', PIN))).toEqual({ kind: 'manual-disagree', n: 3, hostDigit: '8', notaryDigit: '3' });
    expect(s.state.balls.join('')).toBe('04');
    unwrap(s.enterManualBall('8', '8', PIN));
    expect(s.state.balls.join('')).toBe('048');
    expect(s.records.at(-1)?.data).toMatchObject({ n: 3, digit: '8', source: 'manual', reading: 'host: 8, notary: 8 (notary)' });
  });

  it('manual dual entry when the machine cannot be read: two agreeing entries, confirmed with the PIN', async () => {
    const s = await drawing();
    expect(failureOf(s.enterManualBall('5', '5', { pin: '111111' }))).toEqual({ kind: 'pin-wrong', onResume: false });
    unwrap(s.enterManualBall('5', '5', PIN));
    unwrap(s.enterManualBall('0', '0', PIN));
    expect(s.state.balls).toEqual(['5', '0']);
    expect(failureOf(s.enterManualBall('1', '2', PIN))).toMatchObject({ kind: 'manual-disagree', n: 3 });
    expect(s.state.balls).toEqual(['5', '0']);
  });

  it('more balls than the package draws are ignored and logged', async () => {
    const s = await drawing();
    const m = new VirtualBallMachine({ balls: '04821377', intervalMs: 10, faults: [], heartbeatMs: 50 });
    machines.push(m);
    const intake = new BallIntake(s, m);
    open.push(intake);
    await m.start();
    await until(() => intake.notes.filter((n) => n.verdict === 'extra').length === 2);
    expect(s.state.balls.join('')).toBe('048213');
  });
});
