// No test-only hook is reachable in what ships: the production sources (the `draw` command
// line ships as source) and the built screens read no DRAW_TEST_ variable, and the only
// environment they read at all is browser mode's documented configuration. Tests reach
// the same effects through options (tests/support/killed-ceremony.ts: afterCommit).
// The Electron bundles are checked the same way in tests/electron-shell.test.ts, which builds them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** `npm run start:web`'s configuration (README: Run the kiosk): where ceremonies are kept, which port. */
const CONFIGURATION = new Set(['DRAW_KIOSK_DATA', 'DRAW_KIOSK_PORT']);

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && keep(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

const production = ['draw-core', 'hardware', 'electron', 'renderer']
  .flatMap((dir) => filesUnder(dir, (name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)));

describe('no test-only hook in production', () => {
  it('finds the production sources it scans', () => {
    expect(production).toEqual(expect.arrayContaining(['electron/cli/ceremony-command.ts', 'electron/main/main.ts', 'electron/web/start-web.ts', 'renderer/stage/StageApp.tsx']));
  });

  it('no production source names a DRAW_TEST_ variable', () => {
    expect(production.filter((f) => readFileSync(join(root, f), 'utf8').includes('DRAW_TEST_'))).toEqual([]);
  });

  it('production sources read only the documented configuration from the environment', () => {
    const reads: string[] = [];
    for (const f of production) {
      const text = readFileSync(join(root, f), 'utf8');
      // Every mention of the environment, named or not (process.env[x], destructuring, node:process's env).
      for (const m of text.matchAll(/process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*))?|\bimport\s*\{[^}]*\benv\b[^}]*\}\s*from\s*'(?:node:)?process'/g)) {
        if (m[1] === undefined || !CONFIGURATION.has(m[1])) reads.push(`${f}: ${m[0]}`);
      }
    }
    expect(reads).toEqual([]);
  });

  it('the built screens carry no DRAW_TEST_ variable', () => {
    // Built by the global setup (tests/support/build-renderer.ts) before any test runs.
    const built = filesUnder('dist/renderer', (name) => /\.(js|html)$/.test(name));
    expect(built.length).toBeGreaterThan(2);
    expect(built.filter((f) => readFileSync(join(root, f), 'utf8').includes('DRAW_TEST_'))).toEqual([]);
  });
});
