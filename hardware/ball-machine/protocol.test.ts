// The sentence reader against the protocol spec, and a fuzz test: random bytes with valid
// sentences spliced in give exactly the valid sentences, in order.
import { describe, expect, it } from 'vitest';
import { checksum, formatSentence, SentenceReader, type DiscardReason, type Sentence } from './protocol.ts';

function read(...chunks: (string | Uint8Array)[]) {
  const sentences: Sentence[] = [];
  const discards: DiscardReason[] = [];
  const reader = new SentenceReader((s) => sentences.push(s), (r) => discards.push(r));
  for (const c of chunks) reader.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
  return { sentences, discards };
}

describe('generic ASCII protocol', () => {
  it('checksum is the XOR of the bytes between $ and *, two uppercase hex digits', () => {
    // Worked by hand: B^A^L^L = 0x42^0x41^0x4C^0x4C = 0x03; ^ ',' (0x2C) = 0x2F; ^ '3' (0x33) = 0x1C; ^ ',' = 0x30; ^ '7' (0x37) = 0x07.
    expect(checksum('BALL,3,7')).toBe('07');
    expect(formatSentence('BALL', 3, 7)).toBe('$BALL,3,7*07\r\n');
    expect(checksum('')).toBe('00');
  });

  it('reads every sentence type of the spec', () => {
    const { sentences, discards } = read(formatSentence('HELLO', 'ACME', 'LM-6', '000123', '1.4'), formatSentence('STATE', 'DRAWING'),
      formatSentence('STATE', 'FAULT', 'E12'), formatSentence('BALL', 1, 0), formatSentence('HB', 42));
    expect(discards).toEqual([]);
    expect(sentences.map((s) => s.type)).toEqual(['HELLO', 'STATE', 'STATE', 'BALL', 'HB']);
    expect(sentences[0]).toMatchObject({ vendor: 'ACME', model: 'LM-6', serial: '000123', firmware: '1.4' });
    expect(sentences[2]).toMatchObject({ state: 'FAULT', code: 'E12' });
    // B^A^L^L = 0x03; ^ ',' = 0x2F; ^ '1' (0x31) = 0x1E; ^ ',' = 0x32; ^ '0' (0x30) = 0x02.
    expect(sentences[3]).toEqual({ type: 'BALL', n: 1, digit: '0', raw: '$BALL,1,0*02' });
    expect(sentences[4]).toMatchObject({ counter: 42 });
  });

  it('a sentence split across many chunks is read once whole', () => {
    const s = formatSentence('BALL', 12, 9);
    const { sentences } = read(...s.split(''));
    expect(sentences).toEqual([expect.objectContaining({ n: 12, digit: '9' })]);
  });

  it('discards and counts noise, bad checksums, unknown types, malformed fields and overlong lines', () => {
    const cases: [string, DiscardReason][] = [
      ['garbage', 'noise'],
      ['$BALL,3,7*08\r\n', 'badsum'],
      ['$BALL,3,7*07\n', 'malformed'], // LF without CR
      [formatSentence('ball', 3, 7), 'unknown-type'],
      [formatSentence('PING', 1), 'unknown-type'],
      [formatSentence('BALL', 3), 'malformed'],
      [formatSentence('BALL', 3, 10), 'malformed'],
      [formatSentence('BALL', '03', 1), 'malformed'],
      [formatSentence('BALL', 0, 1), 'malformed'],
      [formatSentence('BALL', 3, 'x'), 'malformed'],
      [formatSentence('STATE', 'SLEEPING'), 'malformed'],
      [formatSentence('HELLO', 'ACME', 'LM-6'), 'malformed'],
      [formatSentence('HB', 'x'), 'malformed'],
      [`$HELLO,${'A'.repeat(90)}*00\r\n`, 'overlong'],
    ];
    for (const [text, reason] of cases) {
      const { sentences, discards } = read(text);
      expect(sentences, text).toEqual([]);
      expect(discards[0], text).toBe(reason);
    }
    // The checksum's hex digits must be uppercase.
    let counter = 0;
    while (!/[A-F]/.test(checksum(`HB,${counter}`))) counter++;
    expect(read(`$HB,${counter}*${checksum(`HB,${counter}`).toLowerCase()}\r\n`).discards).toEqual(['malformed']);
  });

  it('a new $ cuts a partial sentence short; non-ASCII bytes are malformed', () => {
    const { sentences, discards } = read('$BALL,1,', formatSentence('BALL', 1, 5));
    expect(sentences).toEqual([expect.objectContaining({ n: 1, digit: '5' })]);
    expect(discards).toEqual(['malformed']);
    const high = read(new Uint8Array([0x24, 0x48, 0x42, 0x2c, 0xb1, 0x2a, 0x30, 0x30, 0x0d, 0x0a]));
    expect(high.discards).toEqual(['malformed']);
  });

  it('fuzz: 200 streams of random bytes with valid sentences spliced in yield exactly those sentences', () => {
    let seed = 99;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed % n);
    for (let round = 0; round < 200; round++) {
      const parts: Uint8Array[] = [];
      const expected: string[] = [];
      for (let k = 0; k < 20; k++) {
        const noise = new Uint8Array(rand(300));
        for (let i = 0; i < noise.length; i++) noise[i] = rand(256);
        parts.push(noise);
        const sentence = formatSentence('BALL', k + 1, rand(10));
        expected.push(sentence.slice(0, -2));
        parts.push(Buffer.from(sentence, 'latin1'));
      }
      const all = Buffer.concat(parts);
      // Fed in random chunk sizes, as a serial port delivers them.
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < all.length;) {
        const size = 1 + rand(64);
        chunks.push(all.subarray(at, at + size));
        at += size;
      }
      const balls = read(...chunks).sentences.filter((s) => s.type === 'BALL').map((s) => s.raw);
      expect(balls).toEqual(expected);
    }
  });
});
