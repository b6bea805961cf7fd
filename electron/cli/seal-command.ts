// draw seal: the management system's code lists → a sealed package and its seal digest.
import { readFileSync } from 'node:fs';
import { groupsOfFour } from '../../draw-core/bundle-words.ts';
import { fail } from '../../draw-core/errors.ts';
import { sealPackage, type SealPoolInput } from '../../draw-core/seal.ts';
import { prepareOutputDir, writeFilesDurably } from '../node/files.ts';
import { ioReason, nativeSha256 } from '../node/package-files.ts';
import { EXIT_OK, parseCommand, usageError, wholeNumber, type Io } from './usage.ts';

const POOL_KEYS = ['id', 'name', 'quota', 'alternates', 'codes'] as const;

export function sealCommand(args: string[], io: Io): number {
  const { values } = parseCommand('seal', args, {
    out: { type: 'string' },
    period: { type: 'string' },
    title: { type: 'string' },
    balls: { type: 'string' },
    pool: { type: 'string', multiple: true },
  }, ['out', 'period', 'title', 'balls', 'pool'], []);
  const pools = values.pool!.map((spec, i) => poolInput(spec, `--pool #${i + 1}`));
  const sealed = sealPackage({
    period: values.period!,
    title: values.title!,
    balls: wholeNumber('seal', '--balls', values.balls!),
    pools,
    place: { file: 'draw seal' },
  }, nativeSha256);
  prepareOutputDir(values.out!, [], true);
  writeFilesDurably(values.out!, sealed.files);
  io.out(`已封存 / sealed: ${values.out!} (${pools.length} pool${pools.length === 1 ? '' : 's'})`);
  io.out('封存摘要 / seal digest:');
  io.out(groupsOfFour(sealed.sealDigest));
  return EXIT_OK;
}

/** `0198fcd9…` → `0198 fcd9 …`, for the notary to copy onto paper. */
/**
 * `id=ID,name=NAME,quota=Q[,alternates=A],codes=FILE`. A comma starts a new key only
 * when a known key and `=` follow, so names and paths may hold commas.
 */
function poolInput(spec: string, label: string): SealPoolInput {
  const fields = new Map<string, string>();
  for (const part of spec.split(new RegExp(`,(?=(?:${POOL_KEYS.join('|')})=)`))) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq);
    if (eq < 0 || !(POOL_KEYS as readonly string[]).includes(key)) {
      usageError('seal', `${label}：无法识别 "${part}"，键为 ${POOL_KEYS.join('、')}`, `${label}: cannot read "${part}"; keys are ${POOL_KEYS.join(', ')}`);
    }
    if (fields.has(key)) usageError('seal', `${label}：键 ${key} 重复`, `${label}: key ${key} given twice`);
    fields.set(key, part.slice(eq + 1));
  }
  for (const key of ['id', 'name', 'quota', 'codes']) {
    if (!fields.has(key)) usageError('seal', `${label}：缺少 ${key}=`, `${label}: missing ${key}=`);
  }
  const codesFile = fields.get('codes')!;
  let codes: Uint8Array;
  try {
    codes = readFileSync(codesFile);
  } catch (e) {
    fail({ file: codesFile }, 'codes-file', `无法读取编码文件：${ioReason(e)}`, `cannot read the codes file: ${ioReason(e)}`);
  }
  return {
    id: fields.get('id')!,
    name: fields.get('name')!,
    quota: wholeNumber('seal', `${label} quota`, fields.get('quota')!),
    alternates: wholeNumber('seal', `${label} alternates`, fields.get('alternates') ?? '0'),
    codes,
    codesFile,
    place: { file: label },
  };
}
