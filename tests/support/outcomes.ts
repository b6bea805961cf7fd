// Outcomes as tests read them: the failure of a command that must fail. (One that must succeed:
// `unwrap` from electron/node/failure.ts, whose error says the failure in the mapper's words.)
import type { Failure, Outcome } from '../../electron/contract/failures.ts';

export function failureOf(o: Outcome<unknown>): Failure {
  if (o.ok) throw new Error(`expected a failure, got ${JSON.stringify(o.value)}`);
  return o.failure;
}
