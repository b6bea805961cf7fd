// Which ceremony is open, kept in <dataDir>/open-ceremony.json, so that after a crash or a power
// cut the kiosk reopens it by itself (locked until the notary's PIN). The file names a folder of
// the kiosk's own ceremonies folder by its name, nothing else: a file crafted to lead anywhere
// else (a path, `..`, a symlink, another shape) is refused, and the kiosk starts with none open.
import { lstatSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { fsyncDir, writeFileDurably } from '../node/files.ts';
import { JOURNAL_DB } from './ceremony-service.ts';

export const OPEN_CEREMONY_FILE = 'open-ceremony.json';
const FORMAT = 'draw-kiosk-open-ceremony/1';
/** Far more than the file ever holds: a bigger one is not this kiosk's. */
const MAX_BYTES = 1024;

/** A folder's own name as the kiosk makes them (period and time): no separator, never `.` or `..`. */
const Name = v.pipe(v.string(), v.regex(/^(?!\.{1,2}$)[0-9A-Za-z._-]{1,128}$/, 'is not a ceremony folder\'s name'));
const OpenCeremonySchema = v.strictObject({ format: v.literal(FORMAT), ceremony: Name });

/** The folder in `ceremonies` the file names, checked; why it was refused; or undefined when none is open. */
export function readOpenCeremony(dataDir: string, ceremonies: string): { dir: string } | { refused: string } | undefined {
  const path = join(dataDir, OPEN_CEREMONY_FILE);
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) return { refused: 'not a regular file' };
  if (stat.size > MAX_BYTES) return { refused: `larger than ${MAX_BYTES} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return { refused: e instanceof Error ? e.message : String(e) };
  }
  const parsed = v.safeParse(OpenCeremonySchema, json);
  if (!parsed.success) return { refused: `${v.getDotPath(parsed.issues[0]) ?? 'file'}: ${parsed.issues[0].message}` };
  const dir = join(ceremonies, parsed.output.ceremony);
  // The folder itself and its journal, never followed through a link: a link could lead off the data folder.
  if (!isReal(dir, 'directory')) return { refused: `${parsed.output.ceremony}: not a ceremony folder` };
  if (!isReal(join(dir, JOURNAL_DB), 'file')) return { refused: `${parsed.output.ceremony}: no journal` };
  return { dir };
}

/** Remembers, durably, the folder of the ceremony now open (a name in the ceremonies folder). */
export function rememberOpenCeremony(dataDir: string, name: string): void {
  const path = join(dataDir, OPEN_CEREMONY_FILE);
  const temp = `${path}.new`;
  // Written beside, then renamed over: a crash leaves the old name or the new, never half of either.
  writeFileDurably(temp, new TextEncoder().encode(`${JSON.stringify({ format: FORMAT, ceremony: name })}\n`));
  renameSync(temp, path);
  fsyncDir(dataDir);
}

/** No ceremony is open any more (it was closed or aborted). */
export function forgetOpenCeremony(dataDir: string): void {
  rmSync(join(dataDir, OPEN_CEREMONY_FILE), { force: true });
  fsyncDir(dataDir);
}

function isReal(path: string, kind: 'directory' | 'file'): boolean {
  try {
    const stat = lstatSync(path);
    return kind === 'file' ? stat.isFile() : stat.isDirectory();
  } catch {
    return false;
  }
}
