// The expected failures of the kiosk's commands, as one typed union, and the one place that
// turns each into words for people (Simplified Chinese first, English second) with what to do
// next. The service returns them, the wire carries them, and the console, the CLI and the API
// all show them through `describeFailure`: no message is written twice.
//
// Words that belong to a rule of the spec (a package's broken rule, a ceremony fact refused by
// the fold) are written once in draw-core, beside the rule, and travel here as `words`.

/** Text for people, in both languages. */
export interface Words {
  readonly zh: string;
  readonly en: string;
}

export type Failure =
  /** A package, file or argument breaks a rule of the spec (draw-core's own words, with the place). */
  | { readonly kind: 'input'; readonly rule: string; readonly file: string; readonly line?: number | undefined; readonly words: Words }
  /** The ceremony's rules refuse the step now (wrong phase, already done...): the fold's own words. */
  | { readonly kind: 'refused'; readonly rule: string; readonly words: Words }
  /** A command the schema refuses (the screens never send one; a hostile caller may). */
  | { readonly kind: 'command-invalid'; readonly command: string; readonly detail: string }
  | { readonly kind: 'no-ceremony' }
  /** Anything the software did not expect: a defect, said as such. */
  | { readonly kind: 'internal'; readonly detail: string };

export type FailureKind = Failure['kind'];

/** A failure in words: what happened and what to do next. */
export interface FailureWords {
  readonly what: Words;
  readonly next: Words;
}

/** The one mapper from a failure to the words people read. */
export function describeFailure(f: Failure): FailureWords {
  switch (f.kind) {
    case 'input':
      return { what: f.words, next: { zh: '请改正该文件后重试', en: 'correct the file and try again' } };
    case 'refused':
      return { what: f.words, next: { zh: '请按控制台所示的当前步骤操作', en: 'follow the step the console shows now' } };
    case 'command-invalid':
      return {
        what: { zh: `命令 ${f.command} 的参数无效：${f.detail}`, en: `the command ${f.command} has invalid arguments: ${f.detail}` },
        next: { zh: '控制台不会发出这样的命令：请检查本机是否有其他程序在发送命令', en: 'the console never sends such a command: check whether another program on this PC is sending commands' },
      };
    case 'no-ceremony':
      return { what: { zh: '没有打开的仪式', en: 'no ceremony is open' }, next: { zh: '请先创建或继续一个仪式', en: 'create or resume a ceremony first' } };
    case 'internal':
      return { what: { zh: `内部错误：${f.detail}`, en: `internal error: ${f.detail}` }, next: { zh: '请记下此信息并联系技术支持；仪式日志不受影响', en: 'note this message and call technical support; the ceremony journal is not affected' } };
  }
}

/** The outcome of a command: its result, or an expected failure. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: Failure };
