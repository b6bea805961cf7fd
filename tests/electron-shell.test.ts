// No Electron binary runs here, so the shell is checked as far as it can be without one:
// it type-checks (npm test's typecheck), and its bundles build, the preload as one
// CommonJS file that needs nothing but electron, the main process needing only what ships.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the Electron shell bundles', () => {
  it('build, with a sandbox-ready preload and a main process with only shipped externals', () => {
    for (const mode of ['main', 'preload']) {
      const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '-c', 'vite.electron.config.ts', '--mode', mode, '--logLevel', 'warn', '--outDir', join('dist', 'electron-test')], { cwd: root, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
    const preload = readFileSync(join(root, 'dist/electron-test/preload.cjs'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/\bimport\b/);
    const main = readFileSync(join(root, 'dist/electron-test/main.js'), 'utf8');
    const imports = new Set([...main.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]!));
    for (const i of imports) expect(['electron', 'better-sqlite3', 'serialport', 'ws', ...builtinModules].includes(i.replace(/^node:/, '')), i).toBe(true);
    expect(imports).toContain('electron');
    for (const hardening of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'requestSingleInstanceLock', 'setWindowOpenHandler', 'will-navigate', 'content-security-policy']) {
      expect(main).toContain(hardening);
    }
  });
});
