// Balls from a machine into the ceremony, by the protocol's rules: the next index is
// journaled at once; a repeat is ignored, an extra ball ignored, both logged; a conflict or
// a skip halts the draw with an alarm until the host decides and the notary confirms.
import { judgeReading } from '../../draw-core/ball-rules.ts';
import type { BallMachine, BallReading } from '../../hardware/ball-machine/machine.ts';
import type { Failure, Outcome } from '../contract/failures.ts';
import type { CeremonyService } from './ceremony-service.ts';

export interface IntakeNote {
  readonly time: string;
  readonly ball: BallReading;
  /** What became of the reading when it was not accepted. */
  readonly verdict: 'duplicate' | 'extra' | 'halted' | 'not-drawing' | 'manual-expected' | 'refused';
  /** Why the ceremony refused it, for the verdict 'refused'. */
  readonly failure?: Failure;
}

export class BallIntake {
  readonly #service: CeremonyService;
  readonly #notes: IntakeNote[] = [];
  readonly #onNote: ((note: IntakeNote) => void) | undefined;
  readonly #unsubscribe: () => void;

  constructor(service: CeremonyService, machine: BallMachine, onNote?: (note: IntakeNote) => void) {
    this.#service = service;
    this.#onNote = onNote;
    this.#unsubscribe = machine.onBall((ball) => this.#take(ball));
  }

  /** Readings ignored, newest last: for the console's log. */
  get notes(): readonly IntakeNote[] {
    return this.#notes;
  }

  dispose(): void {
    this.#unsubscribe();
  }

  #take(ball: BallReading): void {
    const verdict = judgeReading(this.#service.state, ball.n, ball.digit, ball.reading);
    let taken: Outcome<void> | undefined;
    if (verdict.kind === 'accept') taken = this.#service.recordBall(ball.n, ball.digit, ball.source, ball.reading);
    else if (verdict.kind === 'alarm') taken = this.#service.raiseBallAlarm(verdict.alarm);
    else this.#note(ball, verdict.kind);
    if (taken && !taken.ok) this.#note(ball, 'refused', taken.failure);
  }

  #note(ball: BallReading, verdict: IntakeNote['verdict'], failure?: Failure): void {
    const note: IntakeNote = { time: this.#service.now(), ball, verdict, ...(failure === undefined ? {} : { failure }) };
    this.#notes.push(note);
    this.#onNote?.(note);
  }
}
