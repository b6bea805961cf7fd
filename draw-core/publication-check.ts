// The published files of a bundle checked against its results (docs/spec/evidence-bundle.md):
// - publication/gbk/<poolId>.csv: GBK, the header 名次,编码,状态, then `RANK,CODE,中签|候补`
//   per result row, CRLF after every line;
// - announcement.html: every `<tr` start tag (any case) carrying data-pool is a result row written
//   exactly `<tr data-pool="POOL" data-rank="RANK" data-status="winner|alternate"><td>RANK</td>
//   <td class="code">CODE</td><td>STATUS</td></tr>` (no line break); the rows, in order, are every
//   pool's results in manifest order, and nothing else; other rows are header rows only; no comments.
// Only the results' own values (ids, ranks, codes of [0-9A-Za-z._-]) go into a message: what a
// forged file holds instead is never echoed.

import { GBK_HEADER, STATUS_ZH, type ResultRow } from './results.ts';

/** What is wrong with a published file, and on which line (1-based) when there is one. */
export interface PublicationProblem {
  readonly line?: number;
  readonly zh: string;
  readonly en: string;
}

/** The GBK CSV's lines, decoded, against the header and the result rows. */
export function checkGbkCsv(bytes: Uint8Array, rows: readonly ResultRow[]): PublicationProblem | undefined {
  const expected = [GBK_HEADER, ...rows.map((r) => `${r.rank},${r.code},${STATUS_ZH[r.status]}`)];
  // After the last CRLF comes the empty rest: one piece more than there are lines.
  const found = new TextDecoder('gbk').decode(bytes).split('\r\n');
  for (let i = 0; i < expected.length; i++) {
    if (found[i] !== expected[i] || i === found.length - 1) {
      return { line: i + 1, zh: `第 ${i + 1} 行应为 "${expected[i]}"（GBK 编码，以 CRLF 结尾）`, en: `line ${i + 1} should read "${expected[i]}" (GBK, ending in CRLF)` };
    }
  }
  if (found.length !== expected.length + 1 || found[expected.length] !== '') {
    return { line: expected.length + 1, zh: '最后一行结果之后不应再有内容', en: 'nothing may follow the last result line' };
  }
  return undefined;
}

/**
 * Any `<tr` start tag, in any case. One that carries `data-pool` anywhere is a result row, and the
 * whole row must be written exactly as ROW (the kiosk's own form), so a row in another spelling,
 * a second code cell or a commented-out one cannot pass while a browser shows something else.
 * Any other `<tr` must be a header row (`<tr><th>`); comments and templates are refused.
 */
const ANY_TR = /<tr(?=[\s/>])[^>]*>/gi;
const ROW = /<tr data-pool="([0-9A-Za-z._-]+)" data-rank="([0-9]+)" data-status="(winner|alternate)"><td>([0-9]+)<\/td><td class="code">([0-9A-Za-z_-]+)<\/td><td>[^<]*<\/td><\/tr>/y;
const HIDDEN = /<!-{2}|<template/i; // `-{2}`: the source itself must never hold an HTML comment opener (verify.html inlines it)

/** The announcement's rows against every pool's result rows, in manifest order. */
export function checkAnnouncement(bytes: Uint8Array, pools: readonly { readonly id: string; readonly rows: readonly ResultRow[] }[]): PublicationProblem | undefined {
  const text = new TextDecoder().decode(bytes);
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const hidden = HIDDEN.exec(text);
  if (hidden) return { line: lineAt(hidden.index), zh: '公告中不得有注释或模板（其中的内容不显示）', en: 'the announcement may hold no comment or template (what is inside does not show)' };
  const expected = pools.flatMap((p) => p.rows.map((r) => ({ pool: p.id, ...r })));
  let k = 0;
  for (const m of text.matchAll(ANY_TR)) {
    // Counted only for a row that fails: counting for every row made a 20,000-row check quadratic.
    const line = (): number => lineAt(m.index);
    if (!/data-pool/i.test(m[0])) {
      if (m[0] === '<tr>' && text.startsWith('<th', m.index + 4)) continue;
      return { line: line(), zh: '不带 data-pool 的表格行只能是表头行 <tr><th>', en: 'a table row without data-pool may only be a header row <tr><th>' };
    }
    ROW.lastIndex = m.index;
    const row = ROW.exec(text);
    if (!row || row[2] !== row[4]) {
      return { line: line(), zh: '结果行须恰写作 <tr data-pool="池" data-rank="名次" data-status="winner|alternate"><td>名次</td><td class="code">编码</td><td>状态</td></tr>',
        en: 'a result row must be written exactly <tr data-pool="POOL" data-rank="RANK" data-status="winner|alternate"><td>RANK</td><td class="code">CODE</td><td>STATUS</td></tr>' };
    }
    const want = expected[k];
    if (!want) return { line: line(), zh: `多出一行：结果共 ${expected.length} 行`, en: `a row more than the ${expected.length} of the results` };
    if (row[1] !== want.pool || row[2] !== String(want.rank) || row[3] !== want.status || row[5] !== want.code) {
      return { line: line(), zh: `此行应为池 ${want.pool} 第 ${want.rank} 名 ${want.status} ${want.code}`, en: `this row should be pool ${want.pool}, rank ${want.rank}, ${want.status}, ${want.code}` };
    }
    k++;
  }
  const missing = expected[k];
  if (missing) {
    const after = expected.length - k - 1;
    const row = `池 ${missing.pool} 第 ${missing.rank} 名（${missing.code}）`;
    const en = `the row of pool ${missing.pool}, rank ${missing.rank} (${missing.code})`;
    return after ? { zh: `缺少${row}这一行及其后 ${after} 行`, en: `${en} and the ${after} rows after it are missing` } : { zh: `缺少${row}这一行`, en: `${en} is missing` };
  }
  return undefined;
}
