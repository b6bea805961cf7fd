// The expected failures of the kiosk's commands, as one typed union, and the one place that
// turns each into words for people (Simplified Chinese first, English second) with what to do
// next. The service returns them, the wire carries them, and the console, the CLI and the API
// all show them through `describeFailure`: no message is written twice.
//
// A failure carries the facts its words need, never the words themselves; except where the
// words belong to a rule written elsewhere, once, beside the rule: a package's broken rule and
// a ceremony fact refused by the fold (draw-core), a command's field rule (the command schemas).
// Those travel here as `words`.

/** Text for people, in both languages. */
export interface Words {
  readonly zh: string;
  readonly en: string;
}

/** What went wrong with the medium while the bundle was written. */
export type MediaProblem = 'full' | 'read-only' | 'gone' | 'io' | 'denied' | 'other';

export type Failure =
  /** A package, file or argument breaks a rule of the spec (draw-core's own words, with the place). */
  | { readonly kind: 'input'; readonly rule: string; readonly file: string; readonly line?: number | undefined; readonly words: Words }
  /** The ceremony's rules refuse the step now (wrong phase, already done...): the fold's own words. */
  | { readonly kind: 'refused'; readonly rule: string; readonly words: Words }
  /** A ceremony with a notary PIN opens only with it. */
  | { readonly kind: 'pin-needed' }
  /** On resume a wrong PIN may also mean a journal replaced whole: the words say so. */
  | { readonly kind: 'pin-wrong'; readonly onResume: boolean }
  | { readonly kind: 'pin-wait'; readonly failures: number; readonly seconds: number }
  | { readonly kind: 'pin-invalid'; readonly minLength: number; readonly maxLength: number }
  /** A PIN given for a ceremony that has none (a rehearsal confirmed by the software). */
  | { readonly kind: 'pin-not-set' }
  /** A journal record changed while the kiosk was down (its notary MAC does not match, or was stripped or planted). */
  | { readonly kind: 'tampered'; readonly file: string; readonly seq: number }
  /** A journal record that breaks the chain, cannot be read, or should never have been recorded; `words` say why, when a rule does. */
  | { readonly kind: 'journal-broken'; readonly file: string; readonly seq: number; readonly words?: Words | undefined }
  | { readonly kind: 'journal-busy'; readonly file: string }
  | { readonly kind: 'results-differ'; readonly file: string }
  /** The serial ports or the removable drives could not be listed (no udev, no lsblk, another OS). */
  | { readonly kind: 'device-list-failed'; readonly device: 'ports' | 'drives'; readonly detail: string }
  /** The ceremony folder's copy of the package no longer verifies (changed while the kiosk was down): tampering, not an input error. */
  | { readonly kind: 'package-copy-changed'; readonly file: string; readonly rule: string; readonly words: Words }
  | { readonly kind: 'ceremony-exists'; readonly dir: string }
  /** A folder a caller named that is not one of this kiosk's ceremonies. */
  | { readonly kind: 'not-a-ceremony' }
  | { readonly kind: 'no-ceremony' }
  /** The open ceremony reopened by itself after the service restarted: shown, but nothing acts on it until the notary's PIN resumes it. */
  | { readonly kind: 'locked' }
  | { readonly kind: 'manual-disagree'; readonly n: number; readonly hostDigit: string; readonly notaryDigit: string }
  | { readonly kind: 'import-running' }
  | { readonly kind: 'upload-missing' }
  /** The web server refused a package upload: its HTTP status and answer. */
  | { readonly kind: 'upload-refused'; readonly status: number; readonly detail: string }
  | { readonly kind: 'simulator-in-real-draw' }
  | { readonly kind: 'no-results' }
  /** The automatic reveal asked for outside the reveal (before the results, or once the bundle is written). */
  | { readonly kind: 'pace-outside-reveal' }
  /** `pages` is there when the pool is. */
  | { readonly kind: 'reveal-range'; readonly pool: number; readonly page: number; readonly pages?: number | undefined }
  /**
   * The bundle asked for before the reveal's last page: writing it stops the archive recording
   * (its digest goes into the bundle) and ends the reveal. `pool` and `page` (from 0) are where
   * the reveal stands, none before its first page; `pools` how many pools there are.
   */
  | { readonly kind: 'reveal-unfinished'; readonly pools: number; readonly pool?: number | undefined; readonly page?: number | undefined }
  /** No removable drive is listed (nor could be). */
  | { readonly kind: 'stick-missing' }
  | { readonly kind: 'bundle-target' }
  | { readonly kind: 'bundle-exists'; readonly target: string }
  /** A bundle is being written (from another console, say): one at a time. */
  | { readonly kind: 'bundle-write-running' }
  | { readonly kind: 'disk-full'; readonly freeBytes: number; readonly neededBytes: number }
  /** `leftover`: the unfinished folder that could not be removed. */
  | { readonly kind: 'write-failed'; readonly target: string; readonly problem: MediaProblem; readonly detail: string; readonly leftover?: string | undefined }
  | { readonly kind: 'readback-failed'; readonly target: string; readonly markedAs: string; readonly mismatch: ReadbackMismatch }
  | { readonly kind: 'recording-failed'; readonly detail: string }
  /** The operational log cannot be opened (`detail`), or is not a regular file. */
  | { readonly kind: 'log-unusable'; readonly file: string; readonly detail?: string | undefined }
  | { readonly kind: 'obs-not-connected' }
  | { readonly kind: 'no-server' }
  | { readonly kind: 'port-failed'; readonly port: number; readonly detail: string }
  /** A message on the wire that is no command message (the schema's words for the field). */
  | { readonly kind: 'message-invalid'; readonly words: Words }
  | { readonly kind: 'command-unknown'; readonly command: string }
  /** A command the schema refuses (the screens never send one; a hostile caller may): the schema's words. */
  | { readonly kind: 'command-invalid'; readonly command: string; readonly words: Words }
  /** A screen that may only read (the stage, or any other window) sent a command. */
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'busy'; readonly limit: number }
  /** A screen lost its connection to the service while a command was on its way (said by the screens' client). */
  | { readonly kind: 'connection-lost' }
  /** Anything the software did not expect: a defect, said as such. */
  | { readonly kind: 'internal'; readonly detail: string };

export type FailureKind = Failure['kind'];

/** What did not read back from the stick as written. */
export type ReadbackMismatch =
  | { readonly file: string }
  | { readonly found: number; readonly expected: number }
  | { readonly detail: string };

/** A failure in words: what happened and what to do next. */
export interface FailureWords {
  readonly what: Words;
  readonly next: Words;
}

const both = (zh: string, en: string): Words => ({ zh, en });
const TELL_THE_NOTARY = both('不得继续此仪式：请保留现场并报告公证员', 'this ceremony must not be continued: keep everything as it is and tell the notary');
const FOREIGN_CALLER = both('控制台不会发出这样的命令：请检查本机是否有其他程序在发送命令', 'the console never sends such a command: check whether another program on this PC is sending commands');
const WRITE_AGAIN = both('尚未封存：请检查 U 盘后重写，或换一个 U 盘', 'nothing is sealed yet: check the stick and write again, or use another stick');

const MEDIA: Record<Exclude<MediaProblem, 'other'>, Words> = {
  full: both('U 盘已满', 'the stick is full'),
  'read-only': both('U 盘只读（写保护开关？）', 'the stick is read-only (its write-protect switch?)'),
  gone: both('U 盘或文件夹已不在（被拔出？）', 'the stick or the folder has gone (pulled out?)'),
  io: both('U 盘读写出错', 'the stick failed to read or write'),
  denied: both('无权写入该位置', 'no permission to write there'),
};

/** The one mapper from a failure to the words people read. */
export function describeFailure(f: Failure): FailureWords {
  switch (f.kind) {
    case 'input':
      return { what: f.words, next: both('请改正该文件后重试', 'correct the file and try again') };
    case 'refused':
      return { what: f.words, next: both('请按控制台所示的当前步骤操作', 'follow the step the console shows now') };
    case 'pin-needed':
      return {
        what: both('继续此仪式须由公证员输入 PIN：PIN 用于核验停机期间日志未被改动', 'the notary\'s PIN is needed to resume this ceremony: it proves the journal was not changed while the kiosk was down'),
        next: both('请公证员输入 PIN', 'the notary types the PIN'),
      };
    case 'pin-wrong':
      return f.onResume
        ? {
          what: both('公证员 PIN 不正确。若 PIN 确定无误，说明日志已被整体替换：请勿继续，报告公证员', 'the notary PIN is wrong. If the notary is sure of the PIN, the journal has been replaced: do not continue, tell the notary'),
          next: both('若公证员不确定，请重新输入 PIN', 'if the notary is not sure of it, type the PIN again'),
        }
        : { what: both('公证员 PIN 不正确', 'the notary PIN is wrong'), next: both('请公证员重新输入 PIN', 'the notary types the PIN again') };
    case 'pin-wait':
      return {
        what: both(`PIN 已连续输错 ${f.failures} 次`, `${f.failures} wrong PINs in a row`),
        next: both(`请 ${f.seconds} 秒后再试`, `try again in ${f.seconds} s`),
      };
    case 'pin-invalid':
      return {
        what: both(`PIN 须为 ${f.minLength}–${f.maxLength} 位数字`, `the PIN must be ${f.minLength} to ${f.maxLength} digits`),
        next: both('请公证员重新设置 PIN', 'the notary sets another PIN'),
      };
    case 'pin-not-set':
      return {
        what: both('本仪式未设置公证员 PIN', 'no notary PIN was set for this ceremony'),
        next: both('此演练由软件代为确认：请不输入 PIN 确认', 'this rehearsal is confirmed by the software: confirm without a PIN'),
      };
    case 'tampered':
      return {
        what: both(`日志第 ${f.seq} 条在停机期间被改动（公证员校验码不符）`, `journal record ${f.seq} was changed while the kiosk was down (the notary's MAC does not match)`),
        next: TELL_THE_NOTARY,
      };
    case 'journal-broken':
      return {
        what: both(`日志第 ${f.seq} 条已损坏：${f.words?.zh ?? '数据不完整或格式有误'}`, `the journal is broken at record ${f.seq}: ${f.words?.en ?? 'it is incomplete or malformed'}`),
        next: TELL_THE_NOTARY,
      };
    case 'journal-busy':
      return {
        what: both('该仪式正由另一进程打开', 'the ceremony is open in another process'),
        next: both('请先关闭另一个摇号终端或命令，再重试', 'close the other kiosk or command first, then try again'),
      };
    case 'results-differ':
      return { what: both('重新计算的结果与日志所载不符', 'the recomputed results differ from the journaled ones'), next: TELL_THE_NOTARY };
    case 'device-list-failed':
      return f.device === 'ports'
        ? { what: both(`无法列出串口：${f.detail}`, `cannot list the serial ports: ${f.detail}`), next: both('可直接输入串口路径', 'type the port\'s path instead') }
        : { what: both(`无法列出 U 盘：${f.detail}`, `cannot list the removable drives: ${f.detail}`), next: both('请在对话框中选择文件夹，或检查 U 盘是否已插好', 'choose the folder in the dialog, or check that the stick is plugged in') };
    case 'package-copy-changed':
      return {
        what: both(`仪式目录中的数据包副本已被改动：${f.words.zh}`, `the ceremony folder's copy of the package was changed: ${f.words.en}`),
        next: TELL_THE_NOTARY,
      };
    case 'ceremony-exists':
      return {
        what: both('此目录已有仪式', 'this folder holds a ceremony already'),
        next: both('请继续该仪式，或为新仪式另选目录', 'resume that ceremony, or choose another folder for a new one'),
      };
    case 'not-a-ceremony':
      return { what: both('仪式目录无效', 'not a ceremony folder of this kiosk'), next: both('请从仪式列表中选择', 'choose a ceremony from the list') };
    case 'no-ceremony':
      return { what: both('没有打开的仪式', 'no ceremony is open'), next: both('请先创建或继续一个仪式', 'create or resume a ceremony first') };
    case 'locked':
      return {
        what: both('服务重启后仪式已自动重新打开，处于锁定状态：须由公证员输入 PIN 才能继续', 'the ceremony reopened by itself after the service restarted and is locked: it goes on only after the notary enters the PIN'),
        next: both('请公证员在控制台顶部的提示中输入 PIN，然后按“继续”', 'the notary types the PIN in the prompt at the top of the console, then presses Continue'),
      };
    case 'manual-disagree':
      return {
        what: both(`第 ${f.n} 个球：主持人录入 ${f.hostDigit}，公证员录入 ${f.notaryDigit}，不一致，未接受`, `ball ${f.n}: the host entered ${f.hostDigit}, the notary ${f.notaryDigit}; they differ, nothing is accepted`),
        next: both('请两人再看一遍该球，录错的一方改正（主持人的录入经「交回主持人改正」），再提交', 'both look at the ball again; whoever entered it wrong corrects the entry (the host\'s through "Back to the host to correct"), then submit again'),
      };
    case 'import-running':
      return { what: both('正在导入另一个数据包', 'another package is being imported'), next: both('请等它完成', 'wait for it to finish') };
    case 'bundle-write-running':
      return { what: both('正在写入另一份证据包', 'another bundle is being written'), next: both('请等它写完并读回校验，再写下一份', 'wait until it is written and read back, then write the next') };
    case 'upload-missing':
      return { what: both('找不到该上传的数据包（已导入过或已删除）', 'the uploaded package is not there (imported already, or deleted)'), next: both('请重新上传', 'upload it again') };
    case 'upload-refused':
      return { what: both(`上传被拒绝（${f.status}）：${f.detail}`, `the upload was refused (${f.status}): ${f.detail}`), next: both('请重新选择 .zip 数据包上传', 'choose the .zip package and upload it again') };
    case 'simulator-in-real-draw':
      return {
        what: both('正式摇号不能使用模拟摇号机', 'a real draw cannot use the simulated machine'),
        next: both('请连接摇号机，或由主持人与公证员人工双录入', 'connect the ball machine, or have the host and the notary enter each ball by hand'),
      };
    case 'no-results':
      return { what: both('尚无结果', 'there are no results yet'), next: both('公证员确认种子后，请先计算结果', 'once the notary has confirmed the seed, compute the results first') };
    case 'pace-outside-reveal':
      return {
        what: both('只有在揭晓期间（结果已算出、证据包尚未写入）才能自动翻页', 'the pages turn by themselves only during the reveal: once the results are computed, until the bundle is written'),
        next: both('请按控制台所示的当前步骤操作', 'follow the step the console shows now'),
      };
    case 'reveal-unfinished':
      return {
        what: both(
          f.pool === undefined ? '尚未开始揭晓：证据包在全部结果揭晓之后写入' : `揭晓尚未结束（现在第 ${f.pool + 1} / ${f.pools} 池第 ${(f.page ?? 0) + 1} 页）：证据包在全部结果揭晓之后写入`,
          f.pool === undefined ? 'the reveal has not begun: the bundle is written once every result is revealed' : `the reveal is not over (now at pool ${f.pool + 1} of ${f.pools}, page ${(f.page ?? 0) + 1}): the bundle is written once every result is revealed`,
        ),
        next: both('揭晓至最后一个池的最后一页，再写入证据包（写入会停止录像并结束揭晓）', "reveal up to the last page of the last pool, then write the bundle (writing stops the recording and ends the reveal)"),
      };
    case 'reveal-range':
      return {
        what: f.pages === undefined ? both('没有这个池', 'no such pool') : both(`没有这一页（该池共 ${f.pages} 页）`, `no such page (the pool has ${f.pages})`),
        next: both('请选择列出的池与页', 'choose a pool and a page that are listed'),
      };
    case 'stick-missing':
      return { what: both('没有列出可移动磁盘', 'no removable drive is listed'), next: both('请插入公证员的 U 盘，待其列出后再写入', 'insert the notary\'s USB stick, and write once it is listed') };
    case 'bundle-target':
      return {
        what: both('证据包只能写入公证员的 U 盘（已插入并列出的可移动磁盘）或主持人在对话框中选定的文件夹',
          'the evidence bundle is written only to the notary\'s USB stick (a removable drive listed now) or to a folder the host chose in the dialog'),
        next: both('请从列表中选择公证员的 U 盘', 'choose the notary\'s stick from the list'),
      };
    case 'bundle-exists':
      return { what: both('目标已存在，不会覆盖', 'the target exists already; nothing is overwritten'), next: both('请换一个名字或文件夹', 'choose another name or folder') };
    case 'disk-full':
      return {
        what: both(`空间不足：需要约 ${size(f.neededBytes)}，只有 ${size(f.freeBytes)} 可用`, `not enough space: about ${size(f.neededBytes)} needed, ${size(f.freeBytes)} free`),
        next: both('请换一个空间更大的 U 盘，或删去 U 盘上不需要的文件', 'use a stick with more space, or delete files it does not need'),
      };
    case 'write-failed': {
      const problem = f.problem === 'other' ? both(f.detail, f.detail) : MEDIA[f.problem];
      const left = f.leftover === undefined ? both('', '')
        : both(`（未完成的文件夹 ${f.leftover} 可能残留，它不是证据包）`, ` (the unfinished folder ${f.leftover} may remain; it is not a bundle)`);
      return { what: both(`证据包未写成：${problem.zh}${left.zh}`, `the evidence bundle was not written: ${problem.en}${left.en}`), next: WRITE_AGAIN };
    }
    case 'readback-failed': {
      const m = f.mismatch;
      const problem = 'file' in m ? both(`${m.file} 读回与写入不符`, `${m.file} does not read back as written`)
        : 'found' in m ? both(`读到 ${m.found} 个文件，应为 ${m.expected} 个`, `${m.found} files, expected ${m.expected}`)
        : both(m.detail, m.detail);
      return {
        what: both(`写入后读回校验失败（${problem.zh}），已标记为 ${f.markedAs}`, `reading the bundle back failed (${problem.en}); it is marked ${f.markedAs}`),
        next: both('请换一个 U 盘重写', 'write it again, to another stick'),
      };
    }
    case 'recording-failed':
      return {
        what: both(`录像未能完成：${f.detail}`, `the recording could not be finished: ${f.detail}`),
        next: both('证据包将不含录像：请另行保存 OBS 的录像文件', 'the bundle goes without the recording: keep OBS\'s recording file separately'),
      };
    case 'log-unusable':
      return {
        what: f.detail === undefined ? both(`运行日志 ${f.file} 不是普通文件`, `the operational log ${f.file} is not a regular file`)
          : both(`无法打开运行日志 ${f.file}：${f.detail}`, `cannot open the operational log ${f.file}: ${f.detail}`),
        next: both('请技术员检查该文件：运行日志只能是本软件写出的普通文件', 'the technician checks that file: the operational log is a regular file this software writes'),
      };
    case 'obs-not-connected':
      return { what: both('OBS 未连接', 'OBS is not connected'), next: both('请先在控制台连接 OBS，待其显示已连接', 'connect OBS from the console first, and wait until it shows connected') };
    case 'no-server':
      return { what: both('本机未运行回环服务，没有令牌', 'no loopback server runs here: there are no tokens'), next: both('无须轮换', 'there is nothing to rotate') };
    case 'port-failed':
      return {
        what: both(`无法在端口 ${f.port} 上提供服务：${f.detail}`, `cannot serve on port ${f.port}: ${f.detail}`),
        next: both('请关闭占用该端口的程序，或以 DRAW_KIOSK_PORT 另选端口', 'close the program using that port, or choose another with DRAW_KIOSK_PORT'),
      };
    case 'message-invalid':
      return { what: both(`消息格式无效：字段${f.words.zh}`, `not a command message: field ${f.words.en}`), next: FOREIGN_CALLER };
    case 'command-unknown':
      return { what: both(`未知命令 ${f.command}`, `unknown command ${f.command}`), next: FOREIGN_CALLER };
    case 'command-invalid':
      return { what: both(`命令 ${f.command} 的参数${f.words.zh}`, `${f.command}: argument ${f.words.en}`), next: FOREIGN_CALLER };
    case 'forbidden':
      return { what: both('此画面只显示仪式，不能发出命令', 'this screen only shows the ceremony: it may not issue commands'), next: both('请在控制台上操作', 'use the console') };
    case 'busy':
      return { what: both(`同时进行的命令过多（最多 ${f.limit} 个）`, `too many commands at once (at most ${f.limit})`), next: both('请等已发出的命令答复后再试', 'try again when they are answered') };
    case 'connection-lost':
      return {
        what: both('与摇号服务的连接已断开：该命令可能未执行', 'the connection to the kiosk service dropped: the command may not have run'),
        next: both('连接恢复后请先查看当前状态，再决定是否重试', 'once it reconnects, look at the state before trying again'),
      };
    case 'internal':
      return { what: both(`内部错误：${f.detail}`, `internal error: ${f.detail}`), next: both('请记下此信息并联系技术支持；仪式日志不受影响', 'note this message and call technical support; the ceremony journal is not affected') };
  }
}

/**
 * A failure as one line for a terminal or a log: an input error as `FILE[:LINE]: rule: 中文 /
 * English` (spec draw-v1 §1), anything else as `错误 / error: kind: what — next / what — next`.
 */
export function failureLine(f: Failure): string {
  const { what, next } = describeFailure(f);
  if (f.kind === 'input') return `${f.line === undefined ? f.file : `${f.file}:${f.line}`}: ${f.rule}: ${what.zh} / ${what.en}`;
  const tag = f.kind === 'refused' ? `${f.kind} ${f.rule}` : f.kind;
  return `错误 / error: ${tag}: ${what.zh} — ${next.zh} / ${what.en} — ${next.en}`;
}

/** Bytes as people read a stick's space: GB from 1 GiB, else MB, and never "0.0 MB" for what is not nothing. The console's drive list uses it too. */
export function size(bytes: number): string {
  const MB = 2 ** 20;
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(2)} GB`;
  if (bytes >= MB || bytes === 0) return `${(bytes / MB).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The outcome of a command: its result, or an expected failure. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: Failure };
