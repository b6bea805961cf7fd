// The report the host and the notary sign (report.pdf in the bundle): A4, Chinese with
// English labels, Noto Sans SC embedded (subset) from npm, made in Node so it is the same
// everywhere. It cannot hold the digest of a SHA256SUMS that lists the report itself, so it
// prints the evidence digest: SHA-256 of SHA256SUMS without the report's line
// (`grep -v '  report.pdf$' SHA256SUMS | sha256sum`), also as a QR code.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import type { CeremonyState } from '../../draw-core/ceremony.ts';
import type { JournalRecord } from '../../draw-core/journal-chain.ts';

export const REPORT_FILE = 'report.pdf';
const require = createRequire(import.meta.url);
const FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;

export async function renderReport(state: CeremonyState, records: readonly JournalRecord[], evidenceDigest: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(readFileSync(FONT), { subset: true });
  const bold = await doc.embedFont(readFileSync(BOLD), { subset: true });
  const c = state.ceremony!;
  const p = state.package!;
  doc.setTitle(`${p.title} · 摇号报告 Draw report`);
  doc.setCreator(`${c.software.name} ${c.software.version}`);
  doc.setCreationDate(new Date(records.at(-1)?.time ?? 0));
  doc.setModificationDate(new Date(records.at(-1)?.time ?? 0));

  let page = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const line = (text: string, size = 10, f: PDFFont = font, indent = 0) => {
    if (y < MARGIN + size * 2) {
      page = doc.addPage(A4);
      y = A4[1] - MARGIN;
    }
    page.drawText(text, { x: MARGIN + indent, y, size, font: f, color: rgb(0.1, 0.1, 0.15) });
    y -= size * 1.55;
  };
  const gap = (h = 6) => (y -= h);

  line(p.title, 16, bold);
  line(`摇号报告 Draw report · ${c.period} 期 Period · ${c.kind === 'representative-selection' ? '申请人代表抽取 Representative selection' : '增量指标配置 Quota allocation'}`, 11, bold);
  line(c.rehearsal ? '演练 REHEARSAL — 非正式结果 / not the result of a real draw' : '正式摇号 Real draw', 11, bold);
  line(`仪式编号 Ceremony: ${c.ceremonyId}`, 9);
  gap();
  line('各阶段时间（UTC） Times of each phase (UTC)', 11, bold);
  const first = (type: string) => records.find((r) => r.type === type)?.time;
  for (const [zh, en, type] of [['创建', 'created', 'ceremony-created'], ['导入', 'imported', 'package-imported'], ['公证员确认摘要', 'digest confirmed', 'seal-digest-confirmed'],
    ['第一个球', 'first ball', 'ball-drawn'], ['种子确认', 'seed confirmed', 'seed-confirmed'], ['计算结果', 'results computed', 'results-computed']] as const) {
    line(`${zh} ${en}: ${first(type) ?? '—'}`, 9, font, 12);
  }
  gap();
  line('封存摘要 Package seal digest', 11, bold);
  line(p.sealDigest, 10, font, 12);
  gap();
  line('指标池 Pools', 11, bold);
  for (const pool of p.pools) {
    line(`${pool.name} (${pool.id}): 条目 entries ${pool.entries} · 总权重 total weight ${pool.totalWeight} · 指标 quota ${pool.quota} · 候补 alternates ${pool.alternates}`, 9, font, 12);
  }
  gap();
  line('摇号球（按顺序） Balls in order', 11, bold);
  for (const r of records.filter((x) => x.type === 'ball-drawn' || x.type === 'ball-voided')) {
    const d = r.data as { n: number; digit: string; source?: string; reason?: string };
    line(r.type === 'ball-drawn' ? `第 ${d.n} 个球 ball ${d.n}: ${d.digit} · ${sourceName(d.source!)}` : `第 ${d.n} 个球作废 ball ${d.n} voided: ${d.digit} · ${d.reason}`, 9, font, 12);
  }
  line(`种子 Seed: ${state.seed}`, 10, bold, 12);
  gap();
  line('主种子 Master seed', 11, bold);
  line(state.results!.masterSeed, 10, font, 12);
  gap();
  line('结果 Results', 11, bold);
  for (const r of state.results!.pools) {
    line(`${r.id}: 中签 winners ${r.winners} · 候补 alternates ${r.alternatesDrawn}`, 9, font, 12);
    line(`SHA-256 ${r.sha256}`, 8, font, 24);
  }
  for (const rec of state.recordings) line(`录像 Recording: ${rec.bytes} bytes · ${(rec.durationMs / 1000).toFixed(1)} s · SHA-256 ${rec.sha256}`, 8, font, 12);
  gap();
  line('证据摘要 Evidence digest (SHA256SUMS without report.pdf)', 11, bold);
  line(evidenceDigest, 10, font, 12);
  line(`软件 Software: ${c.software.name} ${c.software.version} · 代码摘要 code digest ${c.software.codeDigest}`, 8, font, 12);
  gap(10);
  if (y < MARGIN + 200) {
    page = doc.addPage(A4);
    y = A4[1] - MARGIN;
  }
  await drawQr(page, evidenceDigest, A4[0] - MARGIN - 110, y - 110, 110);
  for (const role of ['主持人 Host', '公证员 Notary', '监督员 Supervisor', '监督员 Supervisor']) {
    line(`${role}：______________________    日期 Date：____________`, 11);
    gap(10);
  }
  return doc.save();
}

function sourceName(source: string): string {
  return source === 'machine' ? '摇号机 machine' : source === 'simulator' ? '模拟器 simulator' : '人工录入 manual';
}

/** The QR code as vector squares: sharp at any print size. */
async function drawQr(page: PDFPage, text: string, x: number, y: number, size: number): Promise<void> {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cell = size / (n + 2 * quiet);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) {
        page.drawRectangle({ x: x + (col + quiet) * cell, y: y + size - (row + quiet + 1) * cell, width: cell, height: cell, color: rgb(0, 0, 0) });
      }
    }
  }
}
