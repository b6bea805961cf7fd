// Spec draw-v1 §6 conformance vector, and the seed derivation of §2.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from './bytes.ts';
import { draw } from './draw.ts';
import { readPackage } from './package.ts';
import { masterSeed, poolKey } from './seed.ts';
import { sha256Hex } from './sha256.ts';

const enc = new TextEncoder();
const pCsv = `code,weight\n${Array.from({ length: 10 }, (_, i) => `A0${i},1\n`).join('')}`;
const manifestText = (pHash: string) =>
  `{"format":"draw-package/1","period":"spec-a","title":"Spec A","seed":{"balls":6},"pools":[{"id":"P","name":"P","file":"P.csv","sha256":"${pHash}","entries":10,"totalWeight":10,"quota":3,"alternates":2}]}`;

// Values printed in spec draw-v1 §6.
const SPEC = {
  pCsvSha256: '3f5fa88a16083dddc0bf63ef6919ff8ab81e80b1371f451670fbd20ee17a71d7',
  sealDigest: '0198fcd9b0c78931872e9a209e0942cf844ef4f874ccd5add1610b16476444fe',
  master: '9ccbfe0507e1cc9f03f879cffe71410ff1db0b5dbce1e42cecd68e66b840baa7',
  keyP: 'ea6a0d5a3d61786126be748cc35f2d4d98bfacee81ac7a1a8f144cf57bb7d83d',
  result: 'rank,code,status\n1,A01,winner\n2,A00,winner\n3,A08,winner\n4,A03,alternate\n5,A09,alternate\n',
  resultSha256: 'd2c01a4b4f6c222d72bca18101199841a430e9afa2d6f581a4fc69f539b677e5',
};

function specPackage() {
  const files = new Map([['P.csv', enc.encode(pCsv)], ['manifest.json', enc.encode(manifestText(SPEC.pCsvSha256))]]);
  return readPackage({ describe: (n) => n, read: (n) => files.get(n) });
}

describe('spec draw-v1 §6 conformance vector spec-a', () => {
  it('P.csv and the seal digest', () => {
    expect(sha256Hex(enc.encode(pCsv))).toBe(SPEC.pCsvSha256);
    expect(specPackage().sealDigest).toBe(SPEC.sealDigest);
  });

  it('master seed M and pool key K', () => {
    const m = masterSeed(SPEC.sealDigest, '123456');
    expect(bytesToHex(m)).toBe(SPEC.master);
    expect(bytesToHex(poolKey(m, 'P'))).toBe(SPEC.keyP);
  });

  it('the result file, bytes exactly', () => {
    const result = draw(specPackage(), '123456', { file: '--balls' });
    expect(new TextDecoder().decode(result.pools[0]!.csv)).toBe(SPEC.result);
    expect(result.pools[0]!.summary.sha256).toBe(SPEC.resultSha256);
    expect(result.summary.masterSeed).toBe(SPEC.master);
  });
});

describe('seed (spec §2)', () => {
  it('M is SHA-256 over LP-framed label, digest and balls, as node:crypto computes it', () => {
    const lp = (s: string) => {
      const b = Buffer.from(s, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      return Buffer.concat([len, b]);
    };
    const digest = 'ab'.repeat(32);
    const expected = createHash('sha256').update(Buffer.concat([lp('draw/v1/master'), lp(digest), lp('007')])).digest('hex');
    expect(bytesToHex(masterSeed(digest, '007'))).toBe(expected);
  });

  it('leading zeros of the balls are significant', () => {
    expect(bytesToHex(masterSeed('ab'.repeat(32), '07'))).not.toBe(bytesToHex(masterSeed('ab'.repeat(32), '7')));
  });

  it('refuses balls of the wrong count or with non-digits', () => {
    const pkg = specPackage();
    for (const balls of ['12345', '1234567', '12345a', '１２３４５６', '']) {
      expect(() => draw(pkg, balls, { file: '--balls' })).toThrow(expect.objectContaining({ rule: 'seed-balls', file: '--balls' }));
    }
  });
});
