// verify.html: a member of the public picks a bundle; a worker checks it with draw-core's
// checkBundle; this shows each check and the facts in plain words, Chinese first. Every text
// from the bundle goes into the page as text (never markup), free text (and every check's
// words, which may quote it) through visibleText inside <bdi>, so a hostile title or reason
// cannot pass for the page's own words or reorder them.
import { COMPARE_EVIDENCE_DIGEST, type BundleCheckItem, type BundleFacts, type BundleReport } from '../../draw-core/bundle-check.ts';
import { BALL_SOURCE_WORDS, beijingTime, CONFIRMATION_WORDS, CONFIRMER_WORDS, groupsOfFour, type Words } from '../../draw-core/bundle-words.ts';
import { visibleText } from '../../draw-core/display-text.ts';
import CheckWorker from './check-worker.ts?worker&inline';
import type { Picked, Reply, Request } from './messages.ts';
import type { VectorResult } from './vectors.ts';

// Trusted Types (where the browser has them): the only script URL this page hands a sink is
// the blob: URL of its own inlined worker.
const trustedTypes = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: { createScriptURL(url: string): string | null }): unknown } }).trustedTypes;
trustedTypes?.createPolicy('default', { createScriptURL: (url) => (url.startsWith('blob:') ? url : null) });

type Child = Node | string;

function h(tag: string, className?: string, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.append(...children);
  return el;
}

/** Chinese, then English beneath it. */
function pair(zh: Child, en: Child): Child[] {
  const span = h('span', 'en', en);
  span.lang = 'en';
  return [zh, span];
}

/** Free text from the bundle: every invisible or reordering character shown as its code point, isolated. */
function bdi(text: string): HTMLElement {
  return h('bdi', undefined, visibleText(text));
}

function digest(hex: string): HTMLElement {
  return h('span', 'digest', groupsOfFour(hex));
}

function words(table: Readonly<Record<string, Words>>, key: string): Child[] {
  const found = Object.hasOwn(table, key) ? table[key] : undefined;
  return found ? pair(found.zh, found.en) : [bdi(key)];
}

const CHECK_TITLES: Record<string, Words> = {
  sums: { zh: '每个文件与 SHA256SUMS 相符', en: 'every file matches SHA256SUMS' },
  'journal-chain': { zh: '仪式日志的哈希链', en: 'the ceremony journal\'s hash chain' },
  'journal-facts': { zh: '仪式日志所记的事实', en: 'the facts the journal records' },
  package: { zh: '数据包与公证员确认的封存摘要', en: 'the package against the seal digest the notary confirmed' },
  seed: { zh: '摇号球与确认的种子', en: 'the balls against the confirmed seed' },
  'results-summary': { zh: '结果汇总 results.json', en: 'the results summary results.json' },
  announcement: { zh: '公告 announcement.html 中的名单', en: 'the lists in the announcement announcement.html' },
};

/** What each check is about, in a few words; the check's own words say what was found. */
function checkTitle(id: string): Child[] {
  const pool = /^(results|gbk):(.*)$/.exec(id);
  if (pool?.[1] === 'results') return pair(`池 ${visibleText(pool[2]!)}：按规范重新计算结果`, `pool ${visibleText(pool[2]!)}: results recomputed by the spec`);
  if (pool?.[1] === 'gbk') return pair(`池 ${visibleText(pool[2]!)}：公布的 GBK 文件`, `pool ${visibleText(pool[2]!)}: the published GBK file`);
  return words(CHECK_TITLES, id);
}

function table(head: [string, string][], rows: Child[][]): HTMLElement {
  return h('table', undefined,
    h('thead', undefined, h('tr', undefined, ...head.map(([zh, en]) => h('th', undefined, ...pair(zh, en))))),
    h('tbody', undefined, ...rows.map((cells) => h('tr', undefined, ...cells.map((c) => h('td', undefined, c))))));
}

function section(zh: string, en: string, ...content: Child[]): HTMLElement {
  return h('section', undefined, h('h2', undefined, ...pair(zh, en)), ...content);
}

function verdict(report: BundleReport): HTMLElement {
  if (report.ok) {
    return h('div', 'verdict ok', ...pair('✓ 核验通过：证据包完整，各池结果按规范重新计算后逐字节相同，公布的文件与结果一致',
      '✓ Verified: the bundle is intact, every pool\'s results recompute byte for byte by the spec, and the published files match them'));
  }
  return h('div', 'verdict bad', ...pair('✗ 核验未通过：此证据包不能证明摇号结果', '✗ NOT verified: this bundle does not prove the draw\'s results'),
    ...report.checks.slice(-1).map(reason)); // the check that failed is the last one done
}

/** A check's words may carry free text from the bundle (a host's reason, a "digit"): isolated, every character shown. */
function checkWords(item: Pick<BundleCheckItem, 'zh' | 'en'>): Child[] {
  return pair(bdi(item.zh), bdi(item.en));
}

function reason(item: BundleCheckItem): HTMLElement {
  return h('div', 'reason', ...(item.file ? [h('span', 'file', visibleText(item.file)), '：'] : []), ...checkWords(item));
}

function checksList(report: BundleReport): HTMLElement {
  const items = report.checks.map((c) => {
    const li = h('li', c.ok ? 'ok' : 'bad', h('span', 'mark', c.ok ? '✓' : '✗'),
      h('div', undefined, h('div', 'what', ...checkTitle(c.id)), ...(c.ok ? checkWords(c) : [reason(c)])));
    li.dataset.check = c.id;
    return li;
  });
  const stopped = report.ok ? [] : [h('p', undefined, ...pair('核对在第一个不符处停止，其后的各项未进行。', 'Checking stops at the first failure: the checks after it were not done.'))];
  return section('逐项核对', 'Each check', h('ol', 'checks', ...items), ...stopped);
}

/** Real draw or rehearsal, above everything else. */
function kindBanner(facts: BundleFacts): HTMLElement {
  return facts.rehearsal
    ? h('div', 'kind rehearsal', ...pair('演练 —— 不是正式摇号，结果无效', 'REHEARSAL — not a real draw; these results count for nothing'))
    : h('div', 'kind real', ...pair('正式摇号', 'Real draw'));
}

function factsSections(facts: BundleFacts, ok: boolean): HTMLElement[] {
  const row = (zh: string, en: string, value: Child) => [h('dt', undefined, ...pair(zh, en)), h('dd', undefined, value)];
  const dl = h('dl', 'facts',
    ...row('标题', 'Title', bdi(facts.title)),
    ...row('期号', 'Period', visibleText(facts.period)),
    ...row('性质', 'Kind', h('span', undefined, ...(facts.rehearsal ? pair('演练', 'rehearsal') : pair('正式摇号', 'real draw')))),
    ...row('仪式编号', 'Ceremony', visibleText(facts.ceremonyId)),
    ...row('封存摘要（与公证记录核对）', 'Seal digest (compare with the notary\'s record)', digest(facts.sealDigest)),
    ...row('种子（球号）', 'Seed (the balls)', h('span', 'digest', visibleText(facts.seed))),
    ...row('主种子', 'Master seed', digest(facts.masterSeed)),
    ...row('证据摘要（与签字的纸质报告核对）', 'Evidence digest (compare with the signed paper report)', digest(facts.evidenceDigest)));
  const compare = h('p', undefined, ...pair(`${COMPARE_EVIDENCE_DIGEST.zh}。`, `${COMPARE_EVIDENCE_DIGEST.en}.`));
  const caution = ok ? [] : [h('p', 'caution', ...pair('以下信息读自未通过核验的证据包，不能作为依据。', 'The facts below come from a bundle that failed verification: do not rely on them.'))];
  const balls = table([['球', 'Ball'], ['号码', 'Digit'], ['来源', 'Source']],
    facts.balls.map((b) => [String(b.n), visibleText(b.digit), h('span', undefined, ...words(BALL_SOURCE_WORDS, b.source))]));
  const voided = facts.voided.length === 0 ? [] : [h('h3', undefined, ...pair('作废的球', 'Balls voided')),
    table([['球', 'Ball'], ['号码', 'Digit'], ['原因', 'Reason']], facts.voided.map((b) => [String(b.n), visibleText(b.digit), bdi(b.reason)]))];
  const confirmations = table([['确认事项', 'What was confirmed'], ['时间', 'Time'], ['确认人', 'By'], ['当时的日志头', 'Journal head then']],
    facts.confirmations.map((c) => [h('span', undefined, ...words(CONFIRMATION_WORDS, c.type)), visibleText(beijingTime(c.time)), h('span', undefined, ...words(CONFIRMER_WORDS, c.by)), digest(c.journalHead)]));
  const pools = table([['池', 'Pool'], ['名称', 'Name'], ['中签', 'Winners'], ['候补', 'Alternates'], ['结果文件 SHA-256', 'Result file SHA-256']],
    facts.pools.map((p) => [visibleText(p.id), bdi(p.name), String(p.winners), String(p.alternates), digest(p.sha256)]));
  return [
    section('摇号信息', 'The draw', ...caution, dl, compare),
    section('摇号球与公证员的确认', 'The balls and the notary\'s confirmations', balls, ...voided, h('h3', undefined, ...pair('日志所载的确认', 'Confirmations, as the journal records them')), confirmations),
    section('各池结果', 'Each pool', pools),
  ];
}

function show(...content: HTMLElement[]): void {
  progress.hidden = true;
  outcome.replaceChildren(...content);
  outcome.hidden = false;
}

function render(report: BundleReport): void {
  const { facts } = report;
  show(...(facts ? [kindBanner(facts)] : []), verdict(report), ...(facts ? factsSections(facts, report.ok) : []), checksList(report));
}

function showProgress(zh: string, en: string, done?: number, total?: number): void {
  if (done === undefined || total === undefined) {
    progressBar.removeAttribute('value'); // indeterminate
    progressText.replaceChildren(...pair(zh, en));
    return;
  }
  progressBar.max = total;
  progressBar.value = done;
  progressText.replaceChildren(...pair(`${zh}（${done} / ${total}）`, `${en} (${done} / ${total})`));
}

function showReply(reply: Extract<Reply, { type: 'progress' | 'checking' }>): void {
  if (reply.type === 'checking') showProgress(`正在核对 ${visibleText(reply.file)}`, `Checking ${visibleText(reply.file)}`);
  else if (reply.step === 'read') showProgress('正在读取文件', 'Reading the files', reply.done, reply.total);
  else showProgress('正在计算各文件的 SHA-256', 'Computing each file\'s SHA-256', reply.done, reply.total);
}

const progress = document.getElementById('progress')!;
const progressBar = document.getElementById('progress-bar') as HTMLProgressElement;
const progressText = document.getElementById('progress-text')!;
const outcome = document.getElementById('outcome')!;
const folderInput = document.getElementById('pick-folder') as HTMLInputElement;
const zipInput = document.getElementById('pick-zip') as HTMLInputElement;

function unreadable(why: { file: string; zh: string; en: string }): void {
  show(h('div', 'verdict bad', ...pair('✗ 无法读取证据包', '✗ The bundle could not be read'), reason({ id: 'read', ok: false, ...why })));
}

/** A fresh worker for each request, so that its memory (a whole bundle) goes with it. */
function ask(request: Request, onReply: (reply: Reply) => void): Worker {
  const worker = new CheckWorker();
  worker.onmessage = (e: MessageEvent<Reply>) => onReply(e.data);
  // An error thrown in the worker carries its message; a worker that cannot start carries none.
  worker.onerror = (e) => onReply({ type: 'failed', message: e.message || '核验程序无法启动 / the checking worker could not start' });
  worker.postMessage(request);
  return worker;
}

let checking: Worker | undefined;

/** A bundle picked while another is being checked replaces it. */
function verify(picked: Picked): void {
  checking?.terminate();
  outcome.hidden = true;
  progress.hidden = false;
  showProgress('正在读取文件', 'Reading the files');
  const worker = ask({ type: 'verify', picked }, (reply) => {
    if (reply.type === 'progress' || reply.type === 'checking') {
      showReply(reply);
      return;
    }
    worker.terminate(); // the answer is in: the bundle's bytes go with the worker
    if (reply.type === 'report') render(reply.report);
    else if (reply.type === 'unreadable') unreadable(reply);
    else if (reply.type === 'failed') {
      show(h('div', 'verdict bad', ...pair('核验程序出错，证据包未被判定', 'The verifier failed; the bundle was not judged'), h('div', 'reason', visibleText(reply.message))));
    }
  });
  checking = worker;
}

folderInput.addEventListener('change', () => {
  const files = [...(folderInput.files ?? [])];
  if (files.length === 0) unreadable({ file: '', zh: '所选文件夹是空的：请选择证据包本身的文件夹（其中有 SHA256SUMS）', en: 'the folder picked is empty: pick the bundle\'s own folder (the one holding SHA256SUMS)' });
  else verify({ kind: 'folder', files: files.map((file) => ({ path: file.webkitRelativePath, file })) });
});
zipInput.addEventListener('change', () => {
  const file = zipInput.files?.[0];
  if (file) verify({ kind: 'zip', name: file.name, file });
});

// For conformance runs (tests/verify-page.test.ts): the vectors, run by this page's own worker.
(window as unknown as { drawVerify: unknown }).drawVerify = {
  runVectors: (texts: string[]) => new Promise<readonly VectorResult[]>((resolve, reject) => {
    const worker = ask({ type: 'vectors', texts }, (reply) => {
      worker.terminate();
      if (reply.type === 'vectors') resolve(reply.results);
      else reject(new Error(reply.type === 'failed' ? reply.message : `unexpected reply ${reply.type}`));
    });
  }),
};
