// A folder's fsync (after new files and renames) on every platform: done where the system
// can do it, skipped where it cannot (Windows), and any other failure a clear `write` error;
// and the bundle writer syncing every folder it makes (fsyncDir watched, still doing its work).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DrawInputError } from '../draw-core/errors.ts';
import { writeBundle } from '../electron/node/bundle-writer.ts';
import { fsyncDir } from '../electron/node/files.ts';
import type * as Files from '../electron/node/files.ts';
import { tempDir } from './support/packages.ts';

vi.mock('../electron/node/files.ts', async (importOriginal) => {
  const real = await importOriginal<typeof Files>();
  return { ...real, fsyncDir: vi.fn(real.fsyncDir) };
});

/** Runs `body` with process.platform reading `platform`: what the code sees, not the system it runs on. */
function onPlatform(platform: NodeJS.Platform, body: () => void): void {
  const real = Object.getOwnPropertyDescriptor(process, 'platform')!;
  Object.defineProperty(process, 'platform', { ...real, value: platform });
  try {
    body();
  } finally {
    Object.defineProperty(process, 'platform', real);
  }
}

describe('fsyncDir', () => {
  it('syncs a folder holding new files', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'a.txt'), 'a');
    expect(() => fsyncDir(join(dir, 'sub'))).not.toThrow();
  });

  it('reports a folder it cannot sync as a write error naming the folder, in Chinese and English', () => {
    const missing = join(tempDir(), 'gone');
    let error: unknown;
    try {
      fsyncDir(missing);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DrawInputError);
    const e = error as DrawInputError;
    expect(e.rule).toBe('write');
    expect(e.file).toBe(missing);
    expect(e.en).toMatch(/ENOENT/);
    expect(e.zh).toMatch(/ENOENT/);
  });

  it('accepts a file system that cannot sync folders (EINVAL), as PostgreSQL does', () => {
    // procfs has no fsync for its folders: Linux answers EINVAL, as some FUSE and network
    // file systems do. The files in it were fsynced one by one; there is nothing more to do.
    expect(() => fsyncDir('/proc')).not.toThrow();
  });

  it('on Windows, never opens the folder (an fsync there needs a writable handle Node cannot get)', () => {
    // Proven on a path that does not exist: had it been opened, this would throw.
    const missing = join(tempDir(), 'gone');
    onPlatform('win32', () => expect(() => fsyncDir(missing)).not.toThrow());
    onPlatform('linux', () => expect(() => fsyncDir(missing)).toThrow(DrawInputError));
  });
});

describe('the bundle writer', () => {
  it('syncs every folder it makes, one that holds only a folder too (publication/ holds gbk/), then the folder the bundle appears in', async () => {
    const bytes = new TextEncoder().encode('x\n');
    const parent = tempDir();
    vi.mocked(fsyncDir).mockClear();
    await writeBundle(join(parent, 'bundle'), [{ name: 'README.txt', bytes }, { name: 'publication/gbk/P.csv', bytes }, { name: 'results/P.csv', bytes }]);
    const temp = join(parent, '.bundle.partial');
    const synced = vi.mocked(fsyncDir).mock.calls.map(([dir]) => dir);
    expect(new Set(synced)).toEqual(new Set([temp, join(temp, 'publication'), join(temp, 'publication', 'gbk'), join(temp, 'results'), parent]));
    expect(synced.at(-1)).toBe(parent);
  });
});
