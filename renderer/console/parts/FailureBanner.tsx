// A failure, in the words of the one mapper (describeFailure): what happened and what to do
// next, Chinese first, English second; small beneath, the command that failed and the failure's
// kind (for an input failure, the file, line and rule; for a refusal, the rule), for the record.
import { describeFailure, type Failure } from '../../../electron/contract/failures.ts';

export function FailureBanner({ action, failure, onClose }: { action: string; failure: Failure; onClose: () => void }) {
  const { what, next } = describeFailure(failure);
  const detail = failure.kind === 'input' ? `${failure.file}${failure.line ? `:${failure.line}` : ''} · ${failure.rule}`
    : failure.kind === 'refused' ? `${failure.kind} · ${failure.rule}` : failure.kind;
  return (
    <div className="error" role="alert">
      <div className="error-words">
        <div lang="zh-CN">{what.zh} — {next.zh}</div>
        <div lang="en">{what.en} — {next.en}</div>
        <div className="code">{action} · {detail}</div>
      </div>
      <button onClick={onClose}>关闭 / Dismiss</button>
    </div>
  );
}
