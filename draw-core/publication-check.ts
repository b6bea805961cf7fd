// The published files of a bundle checked against its results (docs/spec/evidence-bundle.md):
// - publication/gbk/<poolId>.csv: GBK, the header 名次,编码,状态, then `RANK,CODE,中签|候补`
//   per result row, CRLF after every line;
// - announcement.html: every `<tr` start tag (any case) carrying data-pool is a result row written exactly as
//   `<tr data-pool="POOL" data-rank="RANK" data-status="winner|alternate">` with the code inside
//   the row as `<td class="code">CODE</td>`; the rows, in order, are every pool's results in
//   manifest order, and nothing else.
// Only the results' own values (ids, ranks, codes of [0-9A-Za-z._-]) go into a message: what a
// forged file holds instead is never echoed.

export interface ResultRow {
  readonly rank: number;
  readonly code: string;
  readonly status: 'winner' | 'alternate';
}

/** What is wrong with a published file, and on which line (1-based) when there is one. */
export interface PublicationProblem {
  readonly line?: number;
  readonly zh: string;
  readonly en: string;
}

export const GBK_HEADER = '名次,编码,状态';
export const STATUS_ZH = { winner: '中签', alternate: '候补' } as const;

/** The rows of a result file (spec draw-v1 §5: `rank,code,status` lines after the header), as the draw wrote it. */
export function resultRows(csv: Uint8Array): ResultRow[] {
  const lines = new TextDecoder().decode(csv).split('\n').slice(1, -1);
  return lines.map((line) => {
    const [rank, code, status] = line.split(',') as [string, string, ResultRow['status']];
    return { rank: Number(rank), code, status };
  });
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
 * Any `<tr` start tag, in any case: one that carries `data-pool` anywhere is a result row and must be
 * written exactly as ROW_TAG, so a row in another spelling (`<TR`, other attributes, another order),
 * which a browser shows as well, cannot slip past the check.
 */
const ANY_TR = /<tr(?=[\s/>])[^>]*>/gi;
const ROW_TAG = /<tr data-pool="([0-9A-Za-z._-]+)" data-rank="([0-9]+)" data-status="(winner|alternate)">/y;
const rowStarts = (text: string) => [...text.matchAll(ANY_TR)].filter((m) => /data-pool/i.test(m[0])).map((m) => m.index);
const CODE_CELL = /<td class="code">([0-9A-Za-z_-]+)<\/td>/;

/** The announcement's rows against every pool's result rows, in manifest order. */
export function checkAnnouncement(bytes: Uint8Array, pools: readonly { readonly id: string; readonly rows: readonly ResultRow[] }[]): PublicationProblem | undefined {
  const text = new TextDecoder().decode(bytes);
  const expected = pools.flatMap((p) => p.rows.map((r) => ({ pool: p.id, ...r })));
  let line = 1;
  let counted = 0;
  let k = 0;
  for (const at of rowStarts(text)) {
    for (let i = text.indexOf('\n', counted); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
    counted = at;
    ROW_TAG.lastIndex = at;
    const tag = ROW_TAG.exec(text);
    if (!tag) {
      return { line, zh: '带 data-pool 的行须恰写作 <tr data-pool="池" data-rank="名次" data-status="winner|alternate">', en: 'a row with data-pool must be written exactly <tr data-pool="POOL" data-rank="RANK" data-status="winner|alternate">' };
    }
    // The row ends at its </tr>, or where the next row starts if that comes first.
    const ends = [text.indexOf('</tr>', ROW_TAG.lastIndex), text.indexOf('<tr', ROW_TAG.lastIndex)].filter((i) => i >= 0);
    const code = CODE_CELL.exec(text.slice(ROW_TAG.lastIndex, ends.length ? Math.min(...ends) : text.length));
    if (!code) return { line, zh: '此行没有 <td class="code">编码</td>', en: 'this row has no <td class="code">CODE</td>' };
    const want = expected[k];
    if (!want) return { line, zh: `多出一行：结果共 ${expected.length} 行`, en: `a row more than the ${expected.length} of the results` };
    if (tag[1] !== want.pool || tag[2] !== String(want.rank) || tag[3] !== want.status || code[1] !== want.code) {
      return { line, zh: `此行应为池 ${want.pool} 第 ${want.rank} 名 ${want.status} ${want.code}`, en: `this row should be pool ${want.pool}, rank ${want.rank}, ${want.status}, ${want.code}` };
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
