// Results for publication, written into the bundle beside the spec files:
// - publication/gbk/<poolId>.csv: for management systems that expect GBK with a Chinese header;
// - announcement.html: the public announcement (公告), one offline file, with a search for one's own code;
// - announcement.pdf: the same lists, A4, for printing and posting.
// A title or pool name may be any text (spec draw-v1 §1): everywhere here it is only ever text,
// escaped for where it goes, with its invisible characters shown (docs/SECURITY.md).
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import PDFDocument from 'pdfkit';
import type { CeremonyState } from '../../draw-core/ceremony.ts';
import { visibleText } from '../../draw-core/display-text.ts';
import type { DrawResult } from '../../draw-core/draw.ts';
import { FONT, pdfText } from './pdf-text.ts';

interface Row {
  rank: number;
  code: string;
  status: 'winner' | 'alternate';
}

function rows(csv: Uint8Array): Row[] {
  return new TextDecoder().decode(csv).trimEnd().split('\n').slice(1).map((line) => {
    const [rank, code, status] = line.split(',');
    return { rank: Number(rank), code: code!, status: status as Row['status'] };
  });
}

const STATUS_ZH = { winner: '中签', alternate: '候补' } as const;

/** GBK, CRLF, header 名次,编码,状态: what such management systems import. */
export function gbkCsv(csv: Uint8Array): Uint8Array {
  const text = ['名次,编码,状态', ...rows(csv).map((r) => `${r.rank},${r.code},${STATUS_ZH[r.status]}`)].join('\r\n') + '\r\n';
  return iconv.encode(text, 'gbk');
}

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

// The page's only script and style. They hold no data (the search reads the lists on the
// page), and the page's policy admits exactly these two by their SHA-256.
const STYLE = `
body { font-family: 'Noto Sans SC', 'Microsoft YaHei', sans-serif; max-width: 960px; margin: 24px auto; padding: 0 16px; color: #1b2333; overflow-wrap: anywhere; }
h1 { font-size: 24px; } h2 { font-size: 19px; margin-top: 28px; }
.digest { font-family: monospace; word-break: break-all; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #dde3ee; padding: 4px 8px; text-align: left; }
#search { font-size: 18px; padding: 8px; width: 22em; } #answer { font-size: 18px; margin: 8px 0 16px; min-height: 1.5em; }
.rehearsal { color: #b00020; font-weight: 700; }
`;
const SCRIPT = `
const answer = document.getElementById('answer');
let index;
// code -> every [pool name, rank, status] that lists it, read from the lists themselves.
function lookup(code) {
  if (!index) {
    index = new Map();
    for (const pool of document.querySelectorAll('section.pool')) {
      const name = pool.querySelector('h2 bdi');
      for (const row of pool.querySelectorAll('tbody tr')) {
        const [rank, listed, status] = Array.from(row.cells, (cell) => cell.textContent);
        index.set(listed, [...(index.get(listed) ?? []), [name, rank, status]]);
      }
    }
  }
  return index.get(code) ?? [];
}
document.getElementById('search').addEventListener('input', (e) => {
  const code = e.target.value.trim();
  const hits = code ? lookup(code) : [];
  if (code && hits.length === 0) answer.textContent = '未中签（或编码有误）/ not drawn (or the code is mistyped)';
  else answer.replaceChildren(...hits.flatMap(([name, rank, status], i) => [i ? '；' : '', name.cloneNode(true), '：第 ' + rank + ' 名，' + status]));
});
`;
const sha256 = (source: string) => `'sha256-${createHash('sha256').update(source).digest('base64')}'`;
// Nothing is fetched, nothing but the two above runs or styles, and the script may not write markup.
const POLICY = [`default-src 'none'`, `script-src ${sha256(SCRIPT)}`, `style-src ${sha256(STYLE)}`, `base-uri 'none'`, `form-action 'none'`,
  `require-trusted-types-for 'script'`, `trusted-types 'none'`].join('; ');

export function announcementHtml(state: CeremonyState, result: DrawResult): string {
  const p = state.package!;
  const c = state.ceremony!;
  const pools = result.pools.map((pool, i) => ({ name: p.pools[i]!.name, rows: rows(pool.csv) }));
  const count = (rs: Row[], status: Row['status']) => rs.filter((r) => r.status === status).length;
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
<h1>${asText(p.title)}<br>摇号结果公告 Results announcement</h1>
${c.rehearsal ? html`<p class="rehearsal">演练 REHEARSAL：非正式摇号结果 / not the result of a real draw</p>` : ''}
<p>期号 Period: ${p.period} · 摇号号码 Balls: <b>${state.seed ?? ''}</b></p>
<p>封存摘要 Seal digest: <span class="digest">${p.sealDigest}</span></p>
<p><label>查询我的编码 Find my code: <input id="search" placeholder="申请编码 applicant code" autocomplete="off"></label></p>
<div id="answer" aria-live="polite"></div>
${pools.map((pool) => html`<section class="pool">
<h2>${asText(pool.name)}（中签 ${count(pool.rows, 'winner')}，候补 ${count(pool.rows, 'alternate')}）</h2>
<table><thead><tr><th>名次 Rank</th><th>编码 Code</th><th>状态 Status</th></tr></thead><tbody>
${pool.rows.map((r) => html`<tr><td>${r.rank}</td><td>${r.code}</td><td>${STATUS_ZH[r.status]} ${r.status}</td></tr>
`)}</tbody></table>
</section>
`)}
<h2>如何核验 How to verify</h2>
<p>从公布的封存数据包与上述摇号号码，依公开的摇号规范 draw-v1 重新计算（<code>draw verify</code> 或任何独立实现），结果应逐字节相同。<br>
Re-run the draw from the published sealed package and the balls above by the published spec draw-v1 (<code>draw verify</code>, or any independent implementation): the results are byte-identical.</p>
<script>${new Html(SCRIPT)}</script>
</body>
</html>
`.markup;
}

export function announcementPdf(state: CeremonyState, result: DrawResult): Promise<Uint8Array> {
  const p = state.package!;
  const when = new Date(0);
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `${pdfText(p.title)} · 摇号结果公告`, CreationDate: when, ModDate: when } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('regular', FONT);
  doc.font('regular').fontSize(16).text(`${pdfText(p.title)}\n摇号结果公告 Results announcement`);
  if (state.ceremony!.rehearsal) doc.fontSize(11).fillColor('#b00020').text('演练 REHEARSAL：非正式摇号结果 / not the result of a real draw').fillColor('#000000');
  doc.fontSize(10).text(`期号 Period: ${p.period} · 摇号号码 Balls: ${state.seed}`).text(`封存摘要 Seal digest: ${p.sealDigest}`);
  result.pools.forEach((pool, i) => {
    doc.moveDown().fontSize(13).text(pdfText(p.pools[i]!.name));
    // Four columns of "rank code status" lines: compact enough for 10,000 winners.
    doc.fontSize(8).text(rows(pool.csv).map((r) => `${r.rank}. ${r.code} ${STATUS_ZH[r.status]}`).join('\n'), { columns: 4, columnGap: 12 });
  });
  doc.moveDown().fontSize(9).text('核验：以公布的封存数据包与摇号号码，依摇号规范 draw-v1 重新计算（draw verify），结果应逐字节相同。/ Verify: re-run the draw from the published package and balls by spec draw-v1 (draw verify); the results are byte-identical.');
  doc.end();
  return done;
}
