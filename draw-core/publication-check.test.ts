// The published files against the results (docs/spec/evidence-bundle.md §7), line by line and
// row by row; and journal times in Beijing time. Expected GBK bytes are written out by hand.
import { describe, expect, it } from 'vitest';
import { beijingTime } from './bundle-words.ts';
import { checkAnnouncement, checkGbkCsv } from './publication-check.ts';
import { resultRows } from './results.ts';

const rows = resultRows(new TextEncoder().encode('rank,code,status\n1,A07,winner\n2,B01,winner\n3,C-9,alternate\n'));
// 名次,编码,状态 / 中签 / 候补 in GBK.
const HEADER = [0xc3, 0xfb, 0xb4, 0xce, 0x2c, 0xb1, 0xe0, 0xc2, 0xeb, 0x2c, 0xd7, 0xb4, 0xcc, 0xac];
const WIN = [0xd6, 0xd0, 0xc7, 0xa9];
const ALT = [0xba, 0xf2, 0xb2, 0xb9];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const CRLF = [0x0d, 0x0a];
const gbk = [...HEADER, ...CRLF, ...ascii('1,A07,'), ...WIN, ...CRLF, ...ascii('2,B01,'), ...WIN, ...CRLF, ...ascii('3,C-9,'), ...ALT, ...CRLF];

describe('GBK CSV', () => {
  it('the exact bytes pass', () => expect(checkGbkCsv(new Uint8Array(gbk), rows)).toBeUndefined());
  it('a pool with no rows has the header line only', () => expect(checkGbkCsv(new Uint8Array([...HEADER, ...CRLF]), [])).toBeUndefined());

  it('names the first line that differs, a missing CRLF, a missing line, anything after the last', () => {
    const at = (bytes: number[]) => checkGbkCsv(new Uint8Array(bytes), rows)?.line;
    expect(at(gbk.map((b, i) => (i === gbk.indexOf(0x42) ? 0x43 : b)))).toBe(3); // B01 → C01
    expect(at([...ALT, ...gbk.slice(HEADER.length)])).toBe(1);
    expect(at(gbk.slice(0, -1))).toBe(4); // LF gone
    expect(at(gbk.slice(0, -2))).toBe(4); // CRLF gone
    expect(at(gbk.slice(0, -12))).toBe(4); // the last line gone
    expect(at([...gbk, ...CRLF])).toBe(5);
    expect(at([...gbk.slice(0, -2), 0x0a])).toBe(4); // LF only
    expect(checkGbkCsv(new Uint8Array(gbk), rows.slice(0, 2))?.line).toBe(4); // a row the results do not hold
  });
});

describe('announcement rows', () => {
  const pools = [{ id: 'P', rows: rows.slice(0, 2) }, { id: 'Q.2', rows: rows.slice(2) }];
  const row = (pool: string, rank: number, status: string, code: string) =>
    `<tr data-pool="${pool}" data-rank="${rank}" data-status="${status}"><td>${rank}</td><td class="code">${code}</td><td>x</td></tr>\n`;
  const page = (body: string) => new TextEncoder().encode(`<!doctype html>\n<table>\n<tr><th>名次</th></tr>\n${body}</table>\n`);
  const good = row('P', 1, 'winner', 'A07') + row('P', 2, 'winner', 'B01') + row('Q.2', 3, 'alternate', 'C-9');

  it('the rows of every pool in manifest order pass', () => expect(checkAnnouncement(page(good), pools)).toBeUndefined());

  it('names the line of a row changed, added, moved or malformed, or the first row missing', () => {
    const lineOf = (body: string) => checkAnnouncement(page(body), pools)?.line;
    expect(lineOf(good.replace('B01', 'B02'))).toBe(5);
    expect(lineOf(good.replace('data-rank="2"', 'data-rank="02"'))).toBe(5);
    expect(lineOf(good.replace('data-status="alternate"', 'data-status="winner"'))).toBe(6);
    expect(lineOf(good.replace('<tr data-pool="Q.2"', '<tr data-pool="Q.2" '))).toBe(6);
    // A row in any other spelling, which a browser shows all the same, is refused where it stands.
    expect(lineOf(good.replace('data-pool="P" data-rank="1"', 'data-rank="1" data-pool="P"'))).toBe(4);
    expect(lineOf(good + row('Q.2', 4, 'alternate', 'D1').replace('<tr', '<TR'))).toBe(7);
    expect(lineOf(good + row('Q.2', 4, 'alternate', 'D1').replace('<tr', '<tr class="x"'))).toBe(7);
    expect(lineOf(good + row('Q.2', 4, 'alternate', 'D1').replace('data-pool', 'DATA-POOL'))).toBe(7);
    expect(lineOf(good + row('Q.2', 4, 'alternate', 'D1'))).toBe(7);
    expect(lineOf(row('P', 2, 'winner', 'B01') + row('P', 1, 'winner', 'A07') + row('Q.2', 3, 'alternate', 'C-9'))).toBe(4);
    const missing = checkAnnouncement(page(good.split('\n').slice(0, 2).join('\n') + '\n'), pools);
    expect(missing?.en).toBe('the row of pool Q.2, rank 3 (C-9) is missing');
    expect(missing?.line).toBeUndefined();
    expect(checkAnnouncement(page(''), pools)).toMatchObject({ en: 'the row of pool P, rank 1 (A07) and the 2 rows after it are missing' });
  });

  it('a row is read whole, exactly as the kiosk writes it: a second, hidden or missing code cell, a fake row or a comment fails', () => {
    const exactly = /^a result row must be written exactly/;
    const at = (body: string) => checkAnnouncement(page(body), pools);
    expect(at(good.replace('<td class="code">A07</td>', '<td>A07</td>'))).toMatchObject({ line: 4, en: expect.stringMatching(exactly) });
    expect(at(good.replace('<td class="code">A07</td><td>x</td></tr>', ''))).toMatchObject({ line: 4, en: expect.stringMatching(exactly) });
    expect(at(good.replace('<td class="code">A07</td>', '<td class="code">A99</td><td class="code">A07</td>'))).toMatchObject({ line: 4, en: expect.stringMatching(exactly) });
    expect(at(good.replace('<td>1</td>', '<td>2</td>'))).toMatchObject({ line: 4, en: expect.stringMatching(exactly) });
    expect(at(good.replace('<td>1</td><td class="code">A07</td>', '<td>1</td><!--<td class="code">A07</td>--><td class="code">A99</td>'))).toMatchObject({ line: 4, en: expect.stringMatching(/no comment/) });
    expect(at(`${good}<tr><td class="code">Z99</td></tr>\n`)).toMatchObject({ line: 7, en: expect.stringMatching(/only be a header row/) });
  });
});

describe('Beijing time', () => {
  it('is UTC+8, across midnight and the year, with the zone named', () => {
    expect(beijingTime('2026-11-23T12:05:03.120Z')).toBe('2026-11-23 20:05:03 (北京时间 UTC+8)');
    expect(beijingTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00:00 (北京时间 UTC+8)');
  });
  it('a time not in the kiosk\'s form is shown as it stands', () => expect(beijingTime('yesterday')).toBe('yesterday'));
});
