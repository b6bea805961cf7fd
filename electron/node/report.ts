// The report the host, the notary and the supervisors sign (report.pdf in the bundle): A4,
// Chinese first with English beside it, made in Node with pdfkit so it is the same everywhere,
// Noto Sans SC and JetBrains Mono embedded (subsets) from npm. Times are Beijing time with the
// zone named; digests in groups of four, each whole on one line in monospace (smaller where it
// must be, never broken). The signatures are printed on the same page as the facts they attest
// (the seed and the digests, with the QR code of the evidence digest): that group is never split
// across pages. The report cannot hold the digest of a SHA256SUMS that lists the report itself,
// so it prints the evidence digest: SHA-256 of SHA256SUMS without the report's line. Nor can it
// hold the time the bundle is sealed, which comes after it: it gives the time it was made, and a
// line for the time the console shows once the bundle is read back from the stick.
import { BALL_SOURCE_WORDS, BEIJING_ZONE, beijingClock, CONFIRMATION_WORDS, CONFIRMER_WORDS, groupsOfFour, saidInBoth } from '../../draw-core/bundle-words.ts';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CeremonyState } from '../../draw-core/ceremony.ts';
import type { JournalRecord } from '../../draw-core/journal-chain.ts';
import { BOLD, FONT, MONO, pdfText } from './pdf-text.ts';

const MARGIN = { top: 36, bottom: 40, left: 42, right: 42 };
const WIDTH = 595.28 - MARGIN.left - MARGIN.right;
const LINE_GAP = 1.5;
/** The timeline's time column (its heading names the zone). */
const TIME_COLUMN = 84;
/** The labels beside the attested digests. */
const LABEL_COLUMN = 128;
const QR_SIZE = 108;
/** Longer free text (a title, a pool name, a machine's reading) is cut here, marked, in the report: the bundle holds it whole. */
const MAX_SHOWN = 160;

type Face = 'regular' | 'bold' | 'mono';

/** A piece of the page: measured when made, drawn at a given height. */
interface Row {
  readonly height: number;
  draw(y: number): void;
}

/**
 * `operations` is the operational log (electron/node/operations-log.ts), summarised: an audit
 * reads the whole file in the bundle. `generatedAt` is now (ISO 8601 UTC): the bundle is
 * written right after.
 */
export function renderReport(state: CeremonyState, records: readonly JournalRecord[], operations: readonly JournalRecord[], evidenceDigest: string, generatedAt: string): Promise<Uint8Array> {
  const c = state.ceremony!;
  const p = state.package!;
  const results = state.results!;
  const when = new Date(generatedAt);
  const doc = new PDFDocument({
    size: 'A4', margins: MARGIN, bufferPages: true,
    info: { Title: `${shown(p.title)} · 摇号报告 Draw report`, Creator: `${c.software.name} ${c.software.version}`, CreationDate: when, ModDate: when },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('regular', FONT);
  doc.registerFont('bold', BOLD);
  doc.registerFont('mono', MONO);
  const page = new Flow(doc);
  const { cell, text, digest } = page;
  const kind = c.rehearsal ? '演练 REHEARSAL' : '正式摇号 REAL DRAW';

  // The heading: what, when, real or rehearsal, where, who.
  page.add(text(shown(p.title), 'bold', 14), 2);
  page.add(text(`摇号报告 Draw report · 期号 Period ${c.period} · ${c.kind === 'representative-selection' ? '申请人代表抽取 Representative selection' : '增量指标配置 Quota allocation'}`, 'bold', 10), 6);
  page.add(band(doc, c.rehearsal ? `${kind} — 非正式结果，不作摇号结果使用 / not the result of a real draw` : `${kind} — 本次摇号结果有效 / the results of this draw count`, c.rehearsal), 6);
  const third = WIDTH / 3;
  page.add(side(cell(`场地 Venue: ${name(c.venue)}`, 0, third - 8, 'regular', 9), cell(`主持人 Host: ${name(c.hostName)}`, third, third - 8, 'regular', 9),
    cell(`公证员 Notary: ${name(c.notaryName)}`, 2 * third, third, 'regular', 9)), 6);

  // The timeline, in journal order, with each confirmation's journal head.
  page.heading(`时间线 Timeline · ${BEIJING_ZONE} Beijing time`);
  const at = (time: string | undefined, what: string, x = 0, width = WIDTH): Row =>
    side(cell(time === undefined ? '—' : beijingClock(time), x, TIME_COLUMN - 6, 'regular', 7.2), cell(what, x + TIME_COLUMN, width - TIME_COLUMN - 6, 'regular', 7.2));
  const head = (hash: string): Row => side(cell('日志头 journal head', 0, TIME_COLUMN - 6, 'regular', 6, 'right'), digest(hash, TIME_COLUMN, WIDTH - TIME_COLUMN, 6.5));
  const reveals = records.filter((r) => r.type === 'reveal-progressed');
  const revealAt = (r: JournalRecord | undefined, words: string) => {
    if (!r) return at(undefined, `${words} · 未揭晓 nothing revealed`);
    const d = r.data as { pool: number; page: number };
    return at(r.time, `${words}: ${shown(p.pools[d.pool]?.name ?? String(d.pool))} 第 ${num(d.page + 1)} 页 page ${num(d.page + 1)}`);
  };
  const started = '揭晓开始 reveal started';
  const ended = '揭晓结束 reveal ended (最后一页 last page shown)';
  // Balls in a row come two to a line: a draw of 32 balls still leaves room for the rest.
  let ball: JournalRecord | undefined;
  const pair = (r?: JournalRecord) => {
    if (ball) page.add(side(at(ball.time, timelineEntry(ball)!, 0, WIDTH / 2), ...(r ? [at(r.time, timelineEntry(r)!, WIDTH / 2, WIDTH / 2)] : [])));
    ball = undefined;
  };
  // The announced start is no journal event: it takes its place in time among them (at the
  // latest just before the report's own time, should the ceremony have run ahead of it).
  let scheduled = c.scheduledStart === undefined ? undefined : new Date(c.scheduledStart).toISOString();
  const scheduledBy = (time: string | undefined) => {
    if (scheduled === undefined || (time !== undefined && time < scheduled)) return;
    pair();
    page.add(at(scheduled, '预定开始 scheduled start (创建时填写 as entered at creation)'));
    scheduled = undefined;
  };
  for (const r of records) {
    scheduledBy(r.time);
    if (r.type === 'ball-drawn') {
      if (ball) pair(r);
      else ball = r;
      continue;
    }
    pair();
    // The reveal is journaled page by page: the timeline gives its first page and its last.
    if (r.type === 'reveal-progressed') {
      if (r === reveals[0]) page.add(revealAt(r, started));
      if (r === reveals.at(-1)) page.add(revealAt(r, ended));
      continue;
    }
    const what = timelineEntry(r);
    if (what === undefined) continue;
    page.add(at(r.time, what));
    if (typeof (r.data as { by?: unknown }).by === 'string') page.add(head(r.hash));
    if (r.type === 'results-computed' && reveals.length === 0) [started, ended].forEach((words) => page.add(revealAt(undefined, words)));
  }
  pair();
  scheduledBy(undefined);
  page.add(at(generatedAt, '本报告生成 report generated · 证据包随即写入 U 盘 / the bundle is written to the stick right after'));
  page.add(side(cell('________________', 0, TIME_COLUMN - 6, 'regular', 7.5),
    cell('封存 sealed：证据包写入 U 盘并逐一读回核对后，公证员按控制台所示时间填写。封存在本报告之后，其时间只在日志（bundle-written）中。'
      + ' / once the bundle is written to the stick and every file read back, the notary writes in the time the console shows: sealing follows this report, so only the journal (bundle-written) holds its time.', TIME_COLUMN, WIDTH - TIME_COLUMN, 'regular', 7)), 6);

  // The pools: what was declared and what was drawn, and each result file's digest.
  page.heading('各池 Pools');
  const columns = [
    ['池 Pool', 160], ['条目 Entries', 60], ['签数 Tickets', 60], ['指标 Quota', 46], ['候补名额 Alternates', 58], ['中签 Winners', 50], ['已抽候补 Alternates drawn', WIDTH - 434],
  ] as const;
  const lefts = columns.map((_, i) => columns.slice(0, i).reduce((sum, [, w]) => sum + w, 0));
  const tableRow = (cells: readonly string[], face: Face, size: number): Row =>
    side(...cells.map((t, i) => cell(t, lefts[i]!, columns[i]![1] - 6, face, size, i === 0 ? 'left' : 'right')));
  page.add(rule(doc, tableRow(columns.map(([h]) => h.replace(' ', '\n')), 'bold', 7)), 2);
  p.pools.forEach((pool, i) => {
    const drawn = results.pools[i]!;
    page.add(tableRow([`${shown(pool.name)} (${pool.id})`, num(pool.entries), num(pool.totalWeight), num(pool.quota), num(pool.alternates), num(drawn.winners), num(drawn.alternatesDrawn)], 'regular', 8), 1);
    page.add(side(cell(`结果文件 result file ${pool.id}.csv SHA-256`, 8, columns[0][1] - 14, 'regular', 6), digest(drawn.sha256, columns[0][1], WIDTH - columns[0][1], 7)), 2);
  });

  // What the signatures attest, the operational summary and the signatures: one page, never split.
  // A value that is not a digest (a code digest saying the files that ran are not the files built) is shown as the text it is.
  const label = (words: string, hex: string, size = 8.5): Row => side(cell(words, 0, LABEL_COLUMN - 6, 'regular', 8),
    /^[0-9a-f]{64}$/.test(hex) ? digest(hex, LABEL_COLUMN, WIDTH - LABEL_COLUMN, size) : cell(pdfText(hex), LABEL_COLUMN, WIDTH - LABEL_COLUMN, 'bold', 8));
  const count = (type: string, match: (data: Record<string, unknown>) => boolean = () => true) =>
    operations.filter((o) => o.type === type && match(o.data as Record<string, unknown>)).length;
  const events = (type: string) => records.filter((r) => r.type === type).length;
  const machineDrops = count('machine-link', (d) => d.link === 'down' || d.link === 'silent');
  const obsDrops = count('obs-link', (d) => d.connection === 'disconnected' || d.connection === 'failed');
  const damage = count('log-damaged') + count('log-full') + count('journal-tampered');
  const attested: Row[] = [
    gap(4),
    page.headingRow('签字所确认的事实 Facts the signatures attest'),
    side(cell('种子（球号） Seed (the balls)', 0, LABEL_COLUMN - 6, 'regular', 8), cell(state.seed ?? '—', LABEL_COLUMN, WIDTH - LABEL_COLUMN, 'mono', 12)),
    label('封存摘要 Seal digest', p.sealDigest),
    label('主种子 Master seed', results.masterSeed),
    ...state.recordings.map((rec) => label(`录像 Recording SHA-256 (${num(rec.bytes)} bytes, ${(rec.durationMs / 1000).toFixed(1)} s)`, rec.sha256)),
    label(`代码摘要 Code digest (${pdfText(c.software.version)})`, c.software.codeDigest),
    label('证据摘要 Evidence digest', evidenceDigest, 9.5),
    text('证据摘要即 SHA256SUMS 去掉 report.pdf 一行后的 SHA-256，核验工具显示同一值，二维码载有此值。 / The evidence digest is the SHA-256 of SHA256SUMS without report.pdf\'s line: a verifier shows the same value; the QR code carries it.', 'regular', 6.5, LABEL_COLUMN),
    page.headingRow('运行日志摘要 Operational summary (operations.jsonl)'),
    text(`PIN 尝试 PIN attempts: 正确 right ${num(count('pin-attempt', (d) => d.ok === true))} · 错误 wrong ${num(count('pin-attempt', (d) => d.ok === false))} · 延迟 delayed ${num(count('pin-delayed'))}`
      + ` · 警报 alarms ${num(events('ball-alarm'))} · 作废球 voided balls ${num(events('ball-voided'))}`, 'regular', 7.5),
    text(`掉线 link drops ${num(machineDrops + obsDrops)}（摇号机 machine ${num(machineDrops)} · OBS ${num(obsDrops)}） · 恢复 resumes ${num(count('ceremony-resumed'))}`
      + ` · 拒绝的请求 refused requests ${num(count('request-refused') + count('message-refused') + count('command-refused'))} · 忽略的读数 ignored readings ${num(count('reading-ignored'))}`, 'regular', 7.5),
    ...(damage > 0 ? [text(`注意 attention: 日志损坏 damaged ${num(count('log-damaged'))} · 日志已满 full ${num(count('log-full'))} · 日志被改动 journal tampered ${num(count('journal-tampered'))}`, 'bold', 7.5)] : []),
    gap(4),
    text(`签字确认：仪式如上列时间进行；种子为现场摇出、经公证员确认的球号；本页摘要即 U 盘中证据包的摘要。 / By signing, we attest the times above, that the seed is the balls drawn on stage and confirmed by the notary, and that these digests are the bundle's on the stick.`, 'regular', 7),
    gap(2),
    signatures(doc, page, evidenceDigest, [['主持人 Host', c.hostName], ['公证员 Notary', c.notaryName], ['监督员 Supervisor', undefined], ['监督员 Supervisor', undefined]]),
  ];
  page.together(attested);

  // Every page: which ceremony, real or rehearsal (a page cannot pass for another report's), and its number.
  const { count: pages } = doc.bufferedPageRange();
  for (let i = 0; i < pages; i++) {
    doc.switchToPage(i);
    // In the bottom margin: with the margin kept, pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 26;
    doc.moveTo(MARGIN.left, y - 5).lineTo(MARGIN.left + WIDTH, y - 5).lineWidth(0.4).stroke('#888888');
    doc.font('regular').fontSize(7).fillColor('#000000');
    doc.text(`${kind} · 仪式编号 Ceremony ${c.ceremonyId}`, MARGIN.left, y, { width: WIDTH, lineBreak: false });
    doc.text(`第 ${i + 1} 页 共 ${pages} 页 / Page ${i + 1} of ${pages}`, MARGIN.left, y, { width: WIDTH, align: 'right', lineBreak: false });
    doc.page.margins.bottom = MARGIN.bottom;
  }
  doc.end();
  return done;
}

/** A journaled fact as a line of the timeline, or undefined for one the timeline does not list. */
function timelineEntry(r: JournalRecord): string | undefined {
  const by = (d: unknown) => saidInBoth(CONFIRMER_WORDS, (d as { by: string }).by);
  switch (r.type) {
    case 'ceremony-created': return '创建仪式 ceremony created';
    case 'package-imported': return `导入数据包 package imported · ${num((r.data as { pools: unknown[] }).pools.length)} 个池 pools`;
    case 'seal-digest-confirmed': return `${saidInBoth(CONFIRMATION_WORDS, r.type)} · ${by(r.data)}`;
    case 'ball-drawn': {
      const d = r.data as { n: number; digit: string; source: string };
      return `第 ${d.n} 个球 ball ${d.n}: ${d.digit} · ${saidInBoth(BALL_SOURCE_WORDS, d.source)}`;
    }
    case 'ball-voided': {
      const d = r.data as { n: number; digit: string; reason: string };
      return `${saidInBoth(CONFIRMATION_WORDS, r.type)}: 第 ${d.n} 个球 ball ${d.n}: ${d.digit} · ${shown(d.reason)} · ${by(r.data)}`;
    }
    case 'ball-alarm': {
      const d = r.data as { kind: string; n: number; reading: string };
      return `警报 alarm: 第 ${d.n} 个球 ball ${d.n} ${d.kind === 'conflict' ? '读数冲突 conflicting reading' : '跳号 skipped ball'} · ${shown(d.reading)}`;
    }
    case 'ball-alarm-resolved': {
      const d = r.data as { decision: string };
      return `${saidInBoth(CONFIRMATION_WORDS, r.type)}: ${d.decision === 'manual' ? '人工录入 entered by hand' : '取摇号机的下一个读数 the machine\'s next reading'} · ${by(r.data)}`;
    }
    case 'seed-confirmed': return `${saidInBoth(CONFIRMATION_WORDS, r.type)}: ${(r.data as { seed: string }).seed} · ${by(r.data)}`;
    case 'results-computed': return '计算结果 results computed';
    case 'recording-finished': {
      const d = r.data as { bytes: number; durationMs: number };
      return `录像结束 recording finished · ${num(d.bytes)} bytes · ${(d.durationMs / 1000).toFixed(1)} s`;
    }
    // An earlier copy of the bundle, on another stick: this report goes with a later one.
    case 'bundle-written': return `此前写入的证据包 an earlier bundle written · ${pdfText((r.data as { name: string }).name)}`;
    case 'ceremony-closed':
    case 'ceremony-aborted': return `${saidInBoth(CONFIRMATION_WORDS, r.type)} · ${by(r.data)}`;
    default: return undefined;
  }
}

/** Lays rows top to bottom, starting a page when the next one does not fit. */
class Flow {
  readonly #doc: PDFKit.PDFDocument;
  #y = MARGIN.top;

  constructor(doc: PDFKit.PDFDocument) {
    this.#doc = doc;
  }

  get #bottom(): number {
    return this.#doc.page.height - MARGIN.bottom;
  }

  /** A row, then `after` points of space. */
  add(row: Row, after = LINE_GAP): void {
    if (this.#y + row.height > this.#bottom) this.#newPage();
    row.draw(this.#y);
    this.#y += row.height + after;
  }

  /** Rows that must stay on one page: on a new one when they do not fit what is left of this one. */
  together(rows: readonly Row[]): void {
    const height = rows.reduce((sum, r) => sum + r.height + LINE_GAP, 0);
    if (this.#y + height > this.#bottom) this.#newPage();
    for (const row of rows) this.add(row);
  }

  /** A section's heading, kept on the page of its first rows. */
  heading(words: string): void {
    if (this.#y + 60 > this.#bottom) this.#newPage();
    this.add(this.headingRow(words), 3);
  }

  headingRow(words: string): Row {
    const row = this.text(words, 'bold', 9);
    return { height: row.height + 2, draw: (y) => row.draw(y + 2) };
  }

  #newPage(): void {
    this.#doc.addPage();
    this.#y = MARGIN.top;
  }

  /** Text across the page (from `indent`), wrapped. */
  readonly text = (words: string, face: Face, size: number, indent = 0): Row => this.cell(words, indent, WIDTH - indent, face, size);

  /** Text in a column `width` wide at `x` from the left margin, wrapped within it. */
  readonly cell = (words: string, x: number, width: number, face: Face, size: number, align: 'left' | 'right' = 'left'): Row => {
    const doc = this.#doc;
    const options = { width, align, lineGap: 0.5 };
    const height = doc.font(face).fontSize(size).heightOfString(words, options);
    return { height, draw: (y) => void doc.font(face).fontSize(size).fillColor('#000000').text(words, MARGIN.left + x, y, options) };
  };

  /** A digest in groups of four, whole on one line: at `size`, or smaller if the column is narrower. */
  readonly digest = (hex: string, x: number, width: number, size: number): Row => {
    const doc = this.#doc;
    const words = groupsOfFour(hex);
    const fitted = Math.min(size, (size * width) / doc.font('mono').fontSize(size).widthOfString(words));
    const height = doc.heightOfString('0', { lineBreak: false }) * (fitted / size);
    return { height, draw: (y) => void doc.font('mono').fontSize(fitted).fillColor('#000000').text(words, MARGIN.left + x, y, { lineBreak: false }) };
  };
}

/** Rows side by side: as high as the highest. */
function side(...rows: Row[]): Row {
  return { height: Math.max(...rows.map((r) => r.height)), draw: (y) => rows.forEach((r) => r.draw(y)) };
}

function gap(height: number): Row {
  return { height, draw: () => {} };
}

/** A row with a line under it (the table's header). */
function rule(doc: PDFKit.PDFDocument, row: Row): Row {
  return {
    height: row.height + 3,
    draw: (y) => {
      row.draw(y);
      doc.moveTo(MARGIN.left, y + row.height + 1.5).lineTo(MARGIN.left + WIDTH, y + row.height + 1.5).lineWidth(0.5).stroke('#000000');
    },
  };
}

/** Real draw or rehearsal, framed (a rehearsal's shaded as well): no one mistakes one for the other. */
function band(doc: PDFKit.PDFDocument, words: string, shaded: boolean): Row {
  const height = doc.font('bold').fontSize(10.5).heightOfString(words, { width: WIDTH - 16 }) + 9;
  return {
    height,
    draw: (y) => {
      doc.rect(MARGIN.left, y, WIDTH, height).lineWidth(1.2);
      if (shaded) doc.fillAndStroke('#dddddd', '#000000');
      else doc.stroke('#000000');
      doc.font('bold').fontSize(10.5).fillColor('#000000').text(words, MARGIN.left + 8, y + 4.5, { width: WIDTH - 16 });
    },
  };
}

/**
 * The signature blocks, two by two, each with the name entered at creation (or a line to write it
 * on), and beside them the QR code of the evidence digest.
 */
function signatures(doc: PDFKit.PDFDocument, flow: Flow, evidenceDigest: string, signers: [string, string | undefined][]): Row {
  const width = (WIDTH - QR_SIZE - 12) / 2;
  const blocks = signers.map(([role, who], i) => {
    const x = (i % 2) * width;
    return stack(
      flow.cell(role, x, width - 10, 'bold', 8),
      flow.cell(`姓名 Name: ${who === undefined ? '________________' : pdfText(who)}`, x, width - 10, 'regular', 8),
      flow.cell('签名 Signature: ________________', x, width - 10, 'regular', 8),
      flow.cell('日期 Date: ________________', x, width - 10, 'regular', 8),
    );
  });
  const rows = [side(blocks[0]!, blocks[1]!), side(blocks[2]!, blocks[3]!)].map((r) => ({ height: r.height + 8, draw: r.draw }));
  const signed = stack(...rows);
  const caption = flow.cell('证据摘要二维码 QR code: evidence digest', WIDTH - QR_SIZE - 8, QR_SIZE + 8, 'regular', 6, 'right');
  return {
    height: Math.max(signed.height, QR_SIZE + caption.height + 2),
    draw: (y) => {
      signed.draw(y);
      drawQr(doc, evidenceDigest, MARGIN.left + WIDTH - QR_SIZE, y, QR_SIZE);
      caption.draw(y + QR_SIZE + 2);
    },
  };
}

/** Rows one under another, as one row. */
function stack(...rows: Row[]): Row {
  return {
    height: rows.reduce((sum, r) => sum + r.height + LINE_GAP, -LINE_GAP),
    draw: (y) => rows.reduce((top, r) => {
      r.draw(top);
      return top + r.height + LINE_GAP;
    }, y),
  };
}

/** A name entered at creation, shown as every free text is; a dash where the journal has none. */
function name(text: string | undefined): string {
  return text === undefined ? '—' : pdfText(text);
}

/** Free text as the report shows it: visible, and cut (marked so) past MAX_SHOWN characters. */
function shown(text: string): string {
  const chars = [...pdfText(text)];
  return chars.length <= MAX_SHOWN ? chars.join('') : `${chars.slice(0, MAX_SHOWN).join('')}…（全文见证据包 in full in the bundle）`;
}

/** A count with thousands separators, as every number people read. */
function num(n: number): string {
  return n.toLocaleString('en-US');
}

/** The QR code as vector squares: sharp at any print size. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cell = size / (n + 2 * quiet);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell);
    }
  }
  doc.fill('#000000');
}
