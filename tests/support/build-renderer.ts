// Vitest global setup: the screens are built once before the tests that open them. Built beside
// dist/renderer and then moved into its place, so a page another test run is serving from it
// never finds the folder half emptied by the build.
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const final = join(root, 'dist', 'renderer');
  const fresh = `${final}.building-${process.pid}`;
  const old = `${final}.old-${process.pid}`;
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn', '--outDir', fresh, '--emptyOutDir'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(fresh, { recursive: true, force: true });
    throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  }
  try {
    renameSync(final, old);
  } catch {
    // no earlier build
  }
  renameSync(fresh, final);
  rmSync(old, { recursive: true, force: true });
}
