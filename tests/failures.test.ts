// The one mapper from a failure to words: every kind said in Chinese and in English, with what
// to do next; the numbers a kind carries shown as people read them; one line for a terminal.
import { describe, expect, it } from 'vitest';
import { describeFailure, failureLine, type Failure, type FailureKind } from '../electron/contract/failures.ts';

const words = { zh: '编码须按字节严格升序', en: 'codes must be strictly ascending by byte value' };

/** One failure of each kind: a kind added to the union does not compile until it is here. */
const SAMPLES = {
  input: { kind: 'input', rule: 'code-order', file: 'pkg/P.csv', line: 3, words },
  refused: { kind: 'refused', rule: 'seed-unconfirmed', words: { zh: '公证员确认种子后才能计算结果', en: 'results come only after the notary has confirmed the seed' } },
  'pin-needed': { kind: 'pin-needed' },
  'pin-wrong': { kind: 'pin-wrong', onResume: false },
  'pin-wait': { kind: 'pin-wait', failures: 7, seconds: 20 },
  'pin-invalid': { kind: 'pin-invalid', minLength: 6, maxLength: 12 },
  'pin-not-set': { kind: 'pin-not-set' },
  tampered: { kind: 'tampered', file: 'state/journal.sqlite', seq: 4 },
  'journal-broken': { kind: 'journal-broken', file: 'state/journal.sqlite', seq: 2 },
  'journal-busy': { kind: 'journal-busy', file: 'state/journal.sqlite' },
  'results-differ': { kind: 'results-differ', file: 'state/journal.sqlite' },
  'device-list-failed': { kind: 'device-list-failed', device: 'drives', detail: 'spawn lsblk ENOENT' },
  'package-copy-changed': { kind: 'package-copy-changed', file: 'state/packages/ab/P.csv', rule: 'file-sha256', words: { zh: '文件摘要不符', en: 'the file digest differs' } },
  'ceremony-exists': { kind: 'ceremony-exists', dir: 'state' },
  'not-a-ceremony': { kind: 'not-a-ceremony' },
  'no-ceremony': { kind: 'no-ceremony' },
  locked: { kind: 'locked' },
  'manual-disagree': { kind: 'manual-disagree', n: 3, hostDigit: '8', notaryDigit: '3' },
  'import-running': { kind: 'import-running' },
  'upload-missing': { kind: 'upload-missing' },
  'upload-refused': { kind: 'upload-refused', status: 413, detail: '413 数据包过大 / the package is too large' },
  'simulator-in-real-draw': { kind: 'simulator-in-real-draw' },
  'no-results': { kind: 'no-results' },
  'pace-outside-reveal': { kind: 'pace-outside-reveal' },
  'reveal-range': { kind: 'reveal-range', pool: 0, page: 9, pages: 3 },
  'reveal-unfinished': { kind: 'reveal-unfinished', pools: 3, pool: 1, page: 4 },
  'stick-missing': { kind: 'stick-missing' },
  'bundle-target': { kind: 'bundle-target' },
  'bundle-exists': { kind: 'bundle-exists', target: '/media/usb/bundle' },
  'bundle-write-running': { kind: 'bundle-write-running' },
  'disk-full': { kind: 'disk-full', freeBytes: 40 * 1024, neededBytes: 3 * 2 ** 20 + 2 ** 19 },
  'write-failed': { kind: 'write-failed', target: '/media/usb/bundle', problem: 'read-only', detail: 'EROFS mkdir' },
  'readback-failed': { kind: 'readback-failed', target: '/media/usb/bundle', markedAs: 'bundle.UNVERIFIED-1', mismatch: { file: 'results/P.csv' } },
  'recording-failed': { kind: 'recording-failed', detail: 'OBS is not recording' },
  'log-unusable': { kind: 'log-unusable', file: 'state/operations.jsonl', detail: 'ELOOP open' },
  'obs-not-connected': { kind: 'obs-not-connected' },
  'no-server': { kind: 'no-server' },
  'port-failed': { kind: 'port-failed', port: 8080, detail: 'EADDRINUSE' },
  'message-invalid': { kind: 'message-invalid', words: { zh: ' "id" 须为安全整数', en: '"id" must be a safe integer' } },
  'command-unknown': { kind: 'command-unknown', command: '"launchMissiles"' },
  'command-invalid': { kind: 'command-invalid', command: 'createCeremony', words: { zh: ' "period" 须为 1–64 个字符', en: '"period" must be 1 to 64 characters' } },
  forbidden: { kind: 'forbidden' },
  busy: { kind: 'busy', limit: 8 },
  'connection-lost': { kind: 'connection-lost' },
  internal: { kind: 'internal', detail: 'something unexpected' },
} as const satisfies { [K in FailureKind]: Extract<Failure, { kind: K }> };

const HAN = /\p{Script=Han}/u;

describe('describeFailure', () => {
  for (const [kind, failure] of Object.entries(SAMPLES) as [FailureKind, Failure][]) {
    it(`${kind}: what happened and what to do next, in Chinese and in English`, () => {
      expect(failure.kind).toBe(kind);
      const { what, next } = describeFailure(failure);
      for (const text of [what.zh, next.zh]) expect(text).toMatch(HAN);
      // The English says it in English: no Chinese in it unless the failure's own data carries some.
      const carried = JSON.stringify(failure);
      for (const text of [what.en, next.en]) {
        expect(text).toMatch(/[a-z]{3}/);
        for (const ch of text.match(new RegExp(HAN, 'gu')) ?? []) expect(carried).toContain(ch);
      }
    });
  }

  it('says the numbers a failure carries, in both languages', () => {
    const said = (f: Failure) => {
      const { what, next } = describeFailure(f);
      return [`${what.zh} ${next.zh}`, `${what.en} ${next.en}`];
    };
    for (const text of said(SAMPLES['pin-wait'])) expect(text).toMatch(/7.*20/);
    for (const text of said(SAMPLES['manual-disagree'])) expect(text).toMatch(/3.*8.*3/);
    for (const text of said(SAMPLES.tampered)) expect(text).toMatch(/4/);
    for (const text of said(SAMPLES['reveal-range'])) expect(text).toMatch(/3/);
    for (const text of said(SAMPLES.busy)) expect(text).toMatch(/8/);
  });

  it('says a stick\'s space in KB, MB or GB as it is, never "0.0 MB" for what is not nothing', () => {
    const space = (freeBytes: number, neededBytes: number) => describeFailure({ kind: 'disk-full', freeBytes, neededBytes }).what;
    expect(space(40 * 1024, 3.5 * 2 ** 20)).toEqual({ zh: '空间不足：需要约 3.5 MB，只有 40 KB 可用', en: 'not enough space: about 3.5 MB needed, 40 KB free' });
    expect(space(0, 300 * 1024).en).toBe('not enough space: about 300 KB needed, 0.0 MB free');
    expect(space(100, 2 ** 20).en).toBe('not enough space: about 1.0 MB needed, 1 KB free');
    expect(space(1.25 * 2 ** 30, 3 * 2 ** 30).en).toBe('not enough space: about 3.00 GB needed, 1.25 GB free');
  });

  it('a tampered journal is told as tampering, with the notary to be told, never as a file to correct', () => {
    const tampered = describeFailure(SAMPLES.tampered);
    const input = describeFailure(SAMPLES.input);
    expect(tampered.next.en).toMatch(/must not be continued.*tell the notary/);
    expect(tampered.next).not.toEqual(input.next);
  });
});

describe('failureLine', () => {
  it('an input error is FILE:LINE: rule: 中文 / English (spec draw-v1 §1), the line only where there is one', () => {
    expect(failureLine(SAMPLES.input)).toBe(`pkg/P.csv:3: code-order: ${words.zh} / ${words.en}`);
    expect(failureLine({ ...SAMPLES.input, line: undefined })).toBe(`pkg/P.csv: code-order: ${words.zh} / ${words.en}`);
  });

  it('any other failure: its kind (a refusal\'s rule too), what happened and what to do next, in both languages', () => {
    const { what, next } = describeFailure(SAMPLES['stick-missing']);
    expect(failureLine(SAMPLES['stick-missing'])).toBe(`错误 / error: stick-missing: ${what.zh} — ${next.zh} / ${what.en} — ${next.en}`);
    expect(failureLine(SAMPLES.refused)).toMatch(/^错误 \/ error: refused seed-unconfirmed: 公证员确认种子后才能计算结果 — .* \/ results come only after the notary has confirmed the seed — /);
  });
});
