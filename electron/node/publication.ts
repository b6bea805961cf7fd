// Results for publication, written into the bundle beside the spec files:
// - publication/gbk/<poolId>.csv: for management systems that expect GBK with a Chinese header;
// - announcement.html: the public announcement (公告), one offline file, with a search for one's own code;
// - announcement.pdf: the same content, A4, for printing and posting.
// A title or pool name may be any text (spec draw-v1 §1): everywhere here it is only ever text,
// escaped for where it goes, with its invisible characters shown (docs/SECURITY.md).
// Verifiers read the announcement's rows (decision 2 of docs/spec/evidence-bundle.md): each result
// row is `<tr data-pool="ID" data-rank="RANK" data-status="winner|alternate">` with its code in
// `<td class="code">`, every pool in manifest order, nothing else written that way.
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import PDFDocument from 'pdfkit';
import builtInTheme from '../../assets/theme.json' with { type: 'json' };
import { resultPath } from '../../draw-core/bundle-check.ts';
import { beijingTime, groupsOfFour, type Words } from '../../draw-core/bundle-words.ts';
import type { CeremonyState } from '../../draw-core/ceremony.ts';
import { visibleText } from '../../draw-core/display-text.ts';
import type { DrawResult } from '../../draw-core/draw.ts';
import type { JournalRecord } from '../../draw-core/journal-chain.ts';
import { GBK_HEADER, resultRows, STATUS_ZH, type ResultRow } from '../../draw-core/results.ts';
import { FONT, pdfText } from './pdf-text.ts';

/** GBK, CRLF, header 名次,编码,状态: what such management systems import. */
export function gbkCsv(csv: Uint8Array): Uint8Array {
  const text = [GBK_HEADER, ...resultRows(csv).map((r) => `${r.rank},${r.code},${STATUS_ZH[r.status]}`)].join('\r\n') + '\r\n';
  return iconv.encode(text, 'gbk');
}

/**
 * A row's standing as an applicant reads it: a winner by rank; an alternate by place among the
 * pool's alternates, from 1 (alternates are ranked on after the winners: rank − winners).
 */
function standing(r: ResultRow, winners: number): { zh: string; en: string } {
  return r.status === 'winner' ? { zh: '中签', en: 'winner' } : { zh: `候补第${r.rank - winners}名`, en: `alternate no. ${r.rank - winners}` };
}

interface PoolList {
  id: string;
  name: string;
  rows: ResultRow[];
  winners: number;
  sha256: string;
}

function poolLists(state: CeremonyState, result: DrawResult): PoolList[] {
  return result.pools.map((pool, i) => {
    const list = resultRows(pool.csv);
    return { id: pool.summary.id, name: state.package!.pools[i]!.name, rows: list, winners: list.filter((r) => r.status === 'winner').length, sha256: pool.summary.sha256 };
  });
}

const REHEARSAL = '演练 REHEARSAL：非正式摇号结果 / not the result of a real draw';
const RESULTS_FILE_LABEL = (id: string) => `${resultPath(id)} SHA-256:`;

/** Who publishes the results where the kiosk has no theme of its own (the `draw` command): the built-in theme's organization. */
export const BUILT_IN_ORGANIZATION: Words = builtInTheme.organization;

/**
 * The header's facts, the same on the page and in the PDF; digests in one form, lowercase hex in
 * groups of four. `organization`: the issuer, as the kiosk's theme names it (a city's own, or the built-in one).
 */
function headerFacts(state: CeremonyState, records: readonly JournalRecord[], organization: Words): { label: string; value: string; digest?: true }[] {
  const computed = records.findLast((r) => r.type === 'results-computed');
  return [
    { label: '发布单位 Issuer', value: visibleText(`${organization.zh} ${organization.en}`) },
    { label: '期号 Period', value: state.package!.period },
    { label: '摇号时间 Date of the draw', value: computed ? beijingTime(computed.time) : '—' },
    { label: '种子（球号） Seed (the balls)', value: state.seed ?? '' },
    { label: '封存摘要 Seal digest', value: groupsOfFour(state.package!.sealDigest), digest: true },
    { label: '主种子 Master seed', value: groupsOfFour(state.results!.masterSeed), digest: true },
  ];
}
// The announcement is itself in the bundle, so it cannot hold the digest that covers it.
const EVIDENCE_NOTE = {
  zh: '证据摘要印在公证员签字的纸质报告上：本公告也在证据包中，不能包含覆盖它自身的摘要。',
  en: 'The evidence digest is on the paper report the notary signed: this announcement is itself in the bundle, so it cannot hold the digest that covers it.',
};

// How anyone checks the draw, the three ways: `{}` stands for the command, set as code on the page.
const VERIFY_INTRO = {
  zh: '本公告与摇号的全部证据在同一证据包中。以下任一方式都依摇号规范 {} 从封存数据包与种子（球号）重新计算每个池的结果，并核对本公告与 GBK 名单：',
  en: 'This announcement ships in the evidence bundle with all of the draw\'s evidence. Each way below re-derives every pool\'s results from the sealed package and the seed (the balls) by the spec {}, and checks this announcement and the GBK lists against them:',
  command: 'spec/draw-v1.md',
};
const VERIFY_WAYS = [
  { zh: '用浏览器打开证据包中的 {}，选择证据包文件夹或其 zip 文件；全部离线进行。', en: 'open {} from the bundle in a browser and pick the bundle folder or its zip: all offline.', command: 'verify/verify.html' },
  { zh: '在证据包的文件夹中运行 {}：只需 Python 3，无需其他软件。', en: 'in the bundle\'s folder, run {}: needs Python 3 and nothing else.', command: 'python3 verify/draw_verify.py .' },
  { zh: '在证据包的文件夹中运行 {}：摇号终端软件的命令行。', en: 'in the bundle\'s folder, run {}: the kiosk software\'s command line.', command: 'draw verify .' },
];
const filledIn = (s: { zh: string; en: string; command: string }) => ({ zh: s.zh.replace('{}', s.command), en: s.en.replace('{}', s.command) });

/** Markup that is safe as it stands: made only by `html`, and for the page's own constant style and script. */
class Html {
  readonly markup: string;
  constructor(markup: string) {
    this.markup = markup;
  }
}

/** Text for an HTML text node or a quoted attribute value. */
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A template whose every interpolation is escaped as text unless it is Html already: no text reaches the page unescaped. */
function html(strings: TemplateStringsArray, ...parts: (string | number | Html | readonly Html[])[]): Html {
  const markup = (part: (typeof parts)[number]): string =>
    part instanceof Html ? part.markup : Array.isArray(part) ? part.map(markup).join('') : escapeHtml(String(part));
  return new Html(strings.reduce((out, s, i) => out + markup(parts[i - 1]!) + s));
}

/** A title or pool name: visible (invisible characters as their code points) and isolated, so it reorders nothing around it. */
const asText = (s: string) => html`<bdi>${visibleText(s)}</bdi>`;

/** Text with `{}` as the command, set as code. */
const withCommand = (text: string, command: string) => {
  const [before, after] = text.split('{}');
  return html`${before!}<code>${command}</code>${after ?? ''}`;
};

// Rows a page on screen: a pool of 10,000 winners is 100 pages, not one table of 126,000 pixels.
const PAGE_ROWS = 100;

// The page's only script and style. They hold no data (the script reads the lists on the
// page), and the page's policy admits exactly these two by their SHA-256.
const STYLE = `
body { font-family: 'Noto Sans SC', 'Microsoft YaHei', sans-serif; max-width: 960px; margin: 24px auto; padding: 0 16px; color: #1b2333; overflow-wrap: anywhere; }
h1 { font-size: 24px; } h2 { font-size: 19px; margin-top: 28px; }
.facts { list-style: none; padding: 0; } .facts li { margin: 3px 0; }
.digest, td.code, code { font-family: monospace; }
.note { color: #4a5568; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #dde3ee; padding: 4px 8px; text-align: left; }
#search { font-size: 18px; padding: 8px; width: 22em; max-width: 100%; } #answer { font-size: 18px; margin: 8px 0 16px; min-height: 1.5em; } #answer p { margin: 4px 0; }
nav.pager { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 8px 0; }
nav.pager button { font: inherit; padding: 4px 10px; } .page-no { width: 5em; font: inherit; }
tr.found { background: #ffe9a8; }
.rehearsal { color: #b00020; font-weight: 700; }
@page { size: A4; margin: 14mm 12mm 16mm;
  @bottom-center { content: "第 " counter(page) " / " counter(pages) " 页 · page " counter(page) " of " counter(pages); font-size: 8pt; } }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9pt; }
  .lookup, nav.pager { display: none; }
  section.pool { break-before: page; }
  tbody[hidden] { display: table-row-group; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  td, th { padding: 1px 6px; }
  tr.found { background: none; }
}
`;
const SCRIPT = `
'use strict';
const pools = Array.from(document.querySelectorAll('section.pool'), (section) => ({
  name: section.querySelector('h2 bdi'),
  pages: Array.from(section.querySelectorAll('tbody.page')),
  where: section.querySelector('nav.pager .where'),
  buttons: Array.from(section.querySelectorAll('nav.pager button')),
  number: section.querySelector('nav.pager .page-no'),
  current: 0,
  winners: 0,
}));

// Pages: one tbody of the pool's table shown at a time.
function show(pool, n) {
  pool.pages[pool.current].hidden = true;
  pool.current = Math.min(Math.max(Math.trunc(n) || 0, 0), pool.pages.length - 1);
  const page = pool.pages[pool.current];
  page.hidden = false;
  if (!pool.where) return;
  const at = pool.current + 1;
  const of = pool.pages.length;
  pool.where.textContent = '第 ' + at + ' / ' + of + ' 页 · page ' + at + ' of ' + of + ' · 名次 rank ' + page.rows[0].dataset.rank + '–' + page.rows[page.rows.length - 1].dataset.rank;
  for (const button of pool.buttons) button.disabled = button.dataset.go === 'first' || button.dataset.go === 'previous' ? at === 1 : at === of;
  pool.number.value = String(at);
}
for (const pool of pools) {
  if (!pool.where) continue;
  for (const button of pool.buttons) {
    button.addEventListener('click', () => show(pool, { first: 0, previous: pool.current - 1, next: pool.current + 1, last: pool.pages.length - 1 }[button.dataset.go]));
  }
  pool.number.addEventListener('change', () => show(pool, Number(pool.number.value) - 1));
  show(pool, 0);
}

// The lookup. Codes are 1..64 of [0-9A-Za-z_-], case-sensitive (spec draw-v1 §1). As typed, a
// code may come in full-width forms, with spaces, or with dashes of any kind (each one a "-").
const DASHES = /[\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D]/g;
const asCode = (typed) => typed.normalize('NFKC').replace(DASHES, '-').replace(/[\\s\\p{Cf}]/gu, '');
// Equal for codes that differ only in case or dashes.
const loose = (code) => code.replace(/-/g, '').toUpperCase();
let lists;
function read() {
  const codes = new Map();
  const similar = new Map();
  for (const pool of pools) {
    pool.pages.forEach((page, p) => {
      for (const row of page.rows) {
        const code = row.querySelector('td.code').textContent;
        if (row.dataset.status === 'winner') pool.winners++;
        codes.set(code, [...(codes.get(code) ?? []), { code, pool, page: p, row, rank: Number(row.dataset.rank), status: row.dataset.status }]);
        const key = loose(code);
        similar.set(key, (similar.get(key) ?? new Set()).add(code));
      }
    });
  }
  let shortest = Infinity;
  for (const key of similar.keys()) if (key.length > 0 && key.length < shortest) shortest = key.length;
  return { codes, similar, shortest };
}
// Whether some listed code begins with this one, ignoring case and dashes.
function begins(key) {
  for (const listed of lists.similar.keys()) if (listed.startsWith(key)) return true;
  return false;
}
function line(...parts) {
  const p = document.createElement('p');
  p.append(...parts);
  return p;
}
function verdict(hit) {
  const place = hit.status === 'winner' ? '：中签，第' + hit.rank + '名 / winner, rank ' + hit.rank
    : '：候补第' + (hit.rank - hit.pool.winners) + '名 / alternate no. ' + (hit.rank - hit.pool.winners);
  return line(hit.code + ' · ', hit.pool.name.cloneNode(true), place);
}
// The answer for what was typed: lines, and the rows they are about; nothing until the code is complete.
function lookup(typed) {
  const code = asCode(typed);
  if (!code) return { lines: [], hits: [] };
  if (!/^[0-9A-Za-z_-]+$/.test(code)) return { lines: [line('编码只含数字、字母、“-”和“_” / a code has only digits, letters, - and _')], hits: [] };
  lists ??= read();
  // A dash is part of a code: typed where the listed code has none, it is another code, answered below as one that differs.
  const exact = lists.codes.get(code);
  if (exact) return { lines: exact.map(verdict), hits: exact };
  const key = loose(code);
  const near = key ? [...(lists.similar.get(key) ?? [])].sort() : [];
  if (near.length) {
    const hits = near.flatMap((c) => lists.codes.get(c));
    return {
      lines: [line('没有编码 ' + code + '；编码区分大小写，以下编码仅大小写或“-”不同：/ no code ' + code + ' here (codes are case-sensitive); these differ from it only in case or dashes:'),
        ...hits.map(verdict)],
      hits,
    };
  }
  if (key.length < lists.shortest || begins(key)) return { lines: [], hits: [] };
  return { lines: [line(code + '：未中签 / not drawn — 本页的中签与候补名单中没有此编码 / not among the winners and alternates on this page')], hits: [] };
}
const answer = document.getElementById('answer');
const search = document.getElementById('search');
let found = [];
// The lists are read once, when the applicant is about to type: not on every load.
search.addEventListener('focus', () => { lists ??= read(); });
search.addEventListener('input', (e) => {
  const { lines, hits } = lookup(e.target.value);
  answer.replaceChildren(...lines);
  for (const row of found) row.classList.remove('found');
  found = hits.map((hit) => hit.row);
  for (const hit of hits) {
    if (hit.pool.where) show(hit.pool, hit.page);
    hit.row.classList.add('found');
  }
});
`;
const sha256 = (source: string) => `'sha256-${createHash('sha256').update(source).digest('base64')}'`;
// Nothing is fetched, nothing but the two above runs or styles, and the script may not write markup.
const POLICY = [`default-src 'none'`, `script-src ${sha256(SCRIPT)}`, `style-src ${sha256(STYLE)}`, `base-uri 'none'`, `form-action 'none'`,
  `require-trusted-types-for 'script'`, `trusted-types 'none'`].join('; ');

function pager(pages: number): Html | string {
  if (pages < 2) return '';
  const button = (go: string, label: string) => html`<button type="button" data-go="${go}">${label}</button>`;
  return html`<nav class="pager" aria-label="翻页 Pages">${button('first', '首页 First')}${button('previous', '上一页 Previous')}<span class="where"></span>${button('next', '下一页 Next')}${button('last', '末页 Last')}
<label>转到第几页 Go to page <input class="page-no" type="number" min="1" max="${pages}"></label></nav>`;
}

function poolSection(pool: PoolList): Html {
  const pages = Array.from({ length: Math.ceil(pool.rows.length / PAGE_ROWS) }, (_, i) => pool.rows.slice(i * PAGE_ROWS, (i + 1) * PAGE_ROWS));
  const row = (r: ResultRow) => {
    const s = standing(r, pool.winners);
    return html`<tr data-pool="${pool.id}" data-rank="${r.rank}" data-status="${r.status}"><td>${r.rank}</td><td class="code">${r.code}</td><td>${s.zh} ${s.en}</td></tr>
`;
  };
  return html`<section class="pool" id="pool-${pool.id}">
<h2>${asText(pool.name)}（中签 ${pool.winners}，候补 ${pool.rows.length - pool.winners}）</h2>
<p class="sha256">${RESULTS_FILE_LABEL(pool.id)} <span class="digest">${groupsOfFour(pool.sha256)}</span></p>
${pager(pages.length)}
<table><thead><tr><th>名次 Rank</th><th>编码 Code</th><th>状态 Status</th></tr></thead>
${pages.map((page, i) => html`<tbody class="page"${i ? new Html(' hidden') : ''}>
${page.map(row)}</tbody>
`)}</table>
</section>
`;
}

export function announcementHtml(state: CeremonyState, result: DrawResult, records: readonly JournalRecord[], organization: Words): string {
  const p = state.package!;
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${visibleText(p.title)} · 摇号结果公告</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<header>
<h1>${asText(p.title)}<br>摇号结果公告 Results announcement</h1>
${state.ceremony!.rehearsal ? html`<p class="rehearsal">${REHEARSAL}</p>` : ''}
<ul class="facts">
${headerFacts(state, records, organization).map((f) => html`<li>${f.label}: ${f.digest ? html`<span class="digest">${f.value}</span>` : f.value}</li>
`)}<li>${EVIDENCE_NOTE.zh}<br>${EVIDENCE_NOTE.en}</li>
</ul>
</header>
<section class="lookup">
<p><label>查询我的编码 Find my code: <input id="search" placeholder="申请编码 applicant code" autocomplete="off" spellcheck="false"></label></p>
<p class="note">查询只在本页离线进行，不联网、不发送任何内容；以证据包中的结果文件 results/ 为准（可按下述任一方式核验）。<br>
The lookup runs offline, on this page only: nothing is sent anywhere; the result files in the evidence bundle (results/, which any way below checks) are authoritative.</p>
<div id="answer" aria-live="polite"></div>
</section>
<section id="verify">
<h2>如何核验 How to verify</h2>
<p>${withCommand(VERIFY_INTRO.zh, VERIFY_INTRO.command)}<br>${withCommand(VERIFY_INTRO.en, VERIFY_INTRO.command)}</p>
<ol>
${VERIFY_WAYS.map((w) => html`<li>${withCommand(w.zh, w.command)}<br>${withCommand(w.en, w.command)}</li>
`)}</ol>
</section>
${poolLists(state, result).map(poolSection)}<script>${new Html(SCRIPT)}</script>
</body>
</html>
`.markup;
}

export function announcementPdf(state: CeremonyState, result: DrawResult, records: readonly JournalRecord[], organization: Words): Promise<Uint8Array> {
  const p = state.package!;
  const when = new Date(0);
  const doc = new PDFDocument({ size: 'A4', margin: 48, bufferPages: true, info: { Title: `${pdfText(p.title)} · 摇号结果公告`, CreationDate: when, ModDate: when } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('regular', FONT);
  doc.font('regular').fontSize(16).text(`${pdfText(p.title)}\n摇号结果公告 Results announcement`);
  if (state.ceremony!.rehearsal) doc.fontSize(11).fillColor('#b00020').text(REHEARSAL).fillColor('#000000');
  doc.moveDown(0.5).fontSize(10);
  for (const f of headerFacts(state, records, organization)) doc.text(`${f.label}: ${f.value}`);
  doc.text(EVIDENCE_NOTE.zh).text(EVIDENCE_NOTE.en);
  const intro = filledIn(VERIFY_INTRO);
  doc.moveDown().fontSize(12).text('如何核验 How to verify').fontSize(9).text(intro.zh).text(intro.en);
  VERIFY_WAYS.map(filledIn).forEach((w, i) => doc.text(`${i + 1}. ${w.zh}`, { indent: 12 }).text(w.en, { indent: 24 }));
  for (const pool of poolLists(state, result)) {
    doc.addPage().fontSize(13).text(`${pdfText(pool.name)}（中签 ${pool.winners}，候补 ${pool.rows.length - pool.winners}）`);
    doc.fontSize(9).text(`${RESULTS_FILE_LABEL(pool.id)} ${groupsOfFour(pool.sha256)}`).moveDown(0.5);
    // Three columns of "rank. code standing" lines: compact enough for 10,000 winners, wide enough for 候补第800名.
    doc.fontSize(8).text(pool.rows.map((r) => `${r.rank}. ${r.code} ${standing(r, pool.winners).zh}`).join('\n'), { columns: 3, columnGap: 12 });
  }
  const { count } = doc.bufferedPageRange();
  for (let i = 0; i < count; i++) {
    doc.switchToPage(i);
    // In the bottom margin: with the margin kept, pdfkit would start a new page for it.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(8).text(`摇号结果公告 ${p.period} · 第 ${i + 1} / ${count} 页 · page ${i + 1} of ${count}`, 48, doc.page.height - 32, { width: doc.page.width - 96, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
