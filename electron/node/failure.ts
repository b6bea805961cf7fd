// Failures inside the Node side of the kiosk (service, journal, bundle writer, CLI): a typed
// Failure (electron/contract/failures.ts) thrown where it is found unwinds to the public method
// it happened in, where `outcome` turns it into an Outcome. The same wrapper turns draw-core's
// input errors into `input` and anything unexpected into `internal`: this is the one place.
import { failureLine, type Failure, type Outcome } from '../contract/failures.ts';
import { DrawInputError } from '../../draw-core/errors.ts';

/** A typed failure on its way to the public boundary (its message, the mapper's line, is only for a stack trace). */
export class FailureError extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(failureLine(failure));
    this.name = 'FailureError';
    this.failure = failure;
  }
}

export function failWith(failure: Failure): never {
  throw new FailureError(failure);
}

/** Any error as a failure: a typed one as itself, draw-core's input error as `input`, the rest `internal`. */
export function toFailure(e: unknown): Failure {
  if (e instanceof FailureError) return e.failure;
  if (e instanceof DrawInputError) return { kind: 'input', rule: e.rule, file: e.file, line: e.line, words: { zh: e.zh, en: e.en } };
  return { kind: 'internal', detail: e instanceof Error ? e.message : String(e) };
}

/** Runs `work`: its value, or what made it fail. */
export function outcome<T>(work: () => T): Outcome<T> {
  try {
    return { ok: true, value: work() };
  } catch (e) {
    return { ok: false, failure: toFailure(e) };
  }
}

/** `outcome` for asynchronous work. */
export async function outcomeOf<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (e) {
    return { ok: false, failure: toFailure(e) };
  }
}

/** The value of an outcome, its failure thrown on: for a caller whose own boundary is further out (a command line, a command handler). */
export function unwrap<T>(o: Outcome<T>): T {
  if (!o.ok) throw new FailureError(o.failure);
  return o.value;
}
