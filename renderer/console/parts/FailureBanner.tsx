// A command's failure, in the words of the one mapper (describeFailure): what happened and
// what to do next, Chinese first, English second; for an input failure, the file, line and rule.
import { describeFailure, type Failure } from '../../../electron/contract/failures.ts';

export function FailureBanner({ failure, onClose }: { failure: Failure; onClose: () => void }) {
  const { what, next } = describeFailure(failure);
  return (
    <div className="error" role="alert">
      <div>{what.zh} — {next.zh}</div>
      <div>{what.en} — {next.en}</div>
      <div className="code">{failure.kind === 'input' ? `${failure.file}${failure.line ? `:${failure.line}` : ''} · ${failure.rule}` : failure.kind}</div>
      <button onClick={onClose}>知道了 / OK</button>
    </div>
  );
}
