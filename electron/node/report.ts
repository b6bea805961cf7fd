// The report the host and the notary sign (report.pdf in the bundle): A4, Chinese with
// English labels, Noto Sans SC embedded (subset) from npm, made in Node with pdfkit so it is
// the same everywhere. It cannot hold the digest of a SHA256SUMS that lists the report itself,
// so it prints the evidence digest: SHA-256 of SHA256SUMS without the report's line
// (`grep -v '  report.pdf$' SHA256SUMS | sha256sum`), also as a QR code.
import { BALL_SOURCE_WORDS, CONFIRMATION_WORDS, CONFIRMER_WORDS, saidInBoth } from '../../draw-core/bundle-words.ts';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CeremonyState } from '../../draw-core/ceremony.ts';
import type { JournalRecord } from '../../draw-core/journal-chain.ts';
import { BOLD, FONT, pdfText } from './pdf-text.ts';


/**
 * `operations` is the operational log (electron/node/operations-log.ts), summarised: an audit
 * reads the whole file in the bundle.
 */
export function renderReport(state: CeremonyState, records: readonly JournalRecord[], operations: readonly JournalRecord[], evidenceDigest: string): Promise<Uint8Array> {
  const c = state.ceremony!;
  const p = state.package!;
  const when = new Date(records.at(-1)?.time ?? 0);
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `${pdfText(p.title)} · 摇号报告 Draw report`, Creator: `${c.software.name} ${c.software.version}`, CreationDate: when, ModDate: when } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('regular', FONT);
  doc.registerFont('bold', BOLD);
  const head = (text: string, size = 11) => doc.moveDown(0.4).font('bold').fontSize(size).text(text);
  const body = (text: string, size = 9) => doc.font('regular').fontSize(size).text(text, { indent: 12 });

  head(pdfText(p.title), 16);
  head(`摇号报告 Draw report · ${c.period} 期 Period · ${c.kind === 'representative-selection' ? '申请人代表抽取 Representative selection' : '增量指标配置 Quota allocation'}`);
  head(c.rehearsal ? '演练 REHEARSAL — 非正式结果 / not the result of a real draw' : '正式摇号 Real draw');
  body(`仪式编号 Ceremony: ${c.ceremonyId}`);

  head('各阶段时间（UTC） Times of each phase (UTC)');
  const first = (type: string) => records.find((r) => r.type === type)?.time ?? '—';
  for (const [zh, en, type] of [['创建', 'created', 'ceremony-created'], ['导入', 'imported', 'package-imported'], ['公证员确认摘要', 'digest confirmed', 'seal-digest-confirmed'],
    ['第一个球', 'first ball', 'ball-drawn'], ['种子确认', 'seed confirmed', 'seed-confirmed'], ['计算结果', 'results computed', 'results-computed']] as const) {
    body(`${zh} ${en}: ${first(type)}`);
  }

  head('封存摘要 Package seal digest');
  body(p.sealDigest, 10);
  head('池 Pools');
  for (const pool of p.pools) body(`${pdfText(pool.name)} (${pool.id}): 条目 entries ${pool.entries} · 签数 tickets ${pool.totalWeight} · 指标 quota ${pool.quota} · 候补 alternates ${pool.alternates}`);

  head('摇号球（按顺序） Balls in order');
  for (const r of records.filter((x) => x.type === 'ball-drawn' || x.type === 'ball-voided')) {
    const d = r.data as { n: number; digit: string; source?: string; reason?: string };
    body(r.type === 'ball-drawn' ? `第 ${d.n} 个球 ball ${d.n}: ${d.digit} · ${saidInBoth(BALL_SOURCE_WORDS, d.source!)}` : `第 ${d.n} 个球作废 ball ${d.n} voided: ${d.digit} · ${pdfText(d.reason!)}`);
  }
  body(`种子 Seed: ${state.seed}`, 10);
  head('主种子 Master seed');
  body(state.results!.masterSeed, 10);

  head('结果 Results');
  for (const r of state.results!.pools) body(`${r.id}: 中签 winners ${r.winners} · 候补 alternates ${r.alternatesDrawn} · SHA-256 ${r.sha256}`, 8);
  for (const rec of state.recordings) body(`录像 Recording: ${rec.bytes} bytes · ${(rec.durationMs / 1000).toFixed(1)} s · SHA-256 ${rec.sha256}`, 8);

  // The journal head once each confirmation was journaled: the stage showed it at that moment,
  // so the livestream recording witnesses that the journal was not rewritten afterwards.
  head('公证员确认与日志头 Notary confirmations and the journal head after each');
  for (const r of records.filter((x) => typeof (x.data as { by?: unknown }).by === 'string')) {
    body(`${r.time} · ${saidInBoth(CONFIRMATION_WORDS, r.type)} · ${saidInBoth(CONFIRMER_WORDS, (r.data as { by: string }).by)}`, 8);
    body(`日志头 journal head: ${r.hash}`, 8);
  }
  head('运行日志摘要 Operational log summary (operations.jsonl)');
  const count = (kind: string, ok?: boolean) => operations.filter((o) => o.type === kind && (ok === undefined || (o.data as { ok?: unknown }).ok === ok)).length;
  body(`PIN 尝试 attempts: 正确 right ${count('pin-attempt', true)} · 错误 wrong ${count('pin-attempt', false)} · 延迟 delayed ${count('pin-delayed')}`, 8);
  body(`拒绝的请求与命令 refused requests and commands: ${count('request-refused') + count('message-refused') + count('command-refused')} · 忽略的读数 ignored readings: ${count('reading-ignored')}`, 8);
  body(`摇号机连接变化 machine link changes: ${count('machine-link')} · OBS 连接变化 OBS link changes: ${count('obs-link')} · 恢复 resumes: ${count('ceremony-resumed')}`, 8);
  if (count('log-damaged') + count('log-full') + count('journal-tampered') > 0) {
    body(`注意 attention: 日志损坏 damaged ${count('log-damaged')} · 日志已满 full ${count('log-full')} · 日志被改动 journal tampered ${count('journal-tampered')}`, 8);
  }

  head('证据摘要 Evidence digest (SHA256SUMS without report.pdf)');
  body(evidenceDigest, 10);
  body(`软件 Software: ${c.software.name} ${c.software.version} · 代码摘要 code digest ${c.software.codeDigest}`, 8);

  if (doc.y > doc.page.height - 260) doc.addPage();
  const top = doc.y + 16;
  drawQr(doc, evidenceDigest, doc.page.width - 48 - 110, top, 110);
  doc.y = top;
  for (const role of ['主持人 Host', '公证员 Notary', '监督员 Supervisor', '监督员 Supervisor']) {
    doc.font('regular').fontSize(11).text(`${role}：______________________    日期 Date：____________`, 48, doc.y, { lineBreak: false });
    doc.moveDown(2);
  }
  doc.end();
  return done;
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
