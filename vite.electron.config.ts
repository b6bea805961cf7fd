// Bundles the Electron shell: `--mode main` the main process (ESM; Node built-ins, native
// modules and electron left external), `--mode preload` the sandboxed preload (one CommonJS
// file, as a sandboxed preload must be), `--mode worker` the package import's worker thread
// (one ESM file beside main.js, where electron/service/package-import.ts looks for it).
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const external = ['electron', 'better-sqlite3', 'serialport', 'ws', /^node:/, ...builtinModules];

const entries: Record<string, { input: string; file: string }> = {
  main: { input: './electron/main/main.ts', file: 'main.js' },
  preload: { input: './electron/preload/preload.ts', file: 'preload.cjs' },
  worker: { input: './electron/service/package-import-worker.ts', file: 'package-import-worker.js' },
};

export default defineConfig(({ mode }) => {
  const preload = mode === 'preload';
  const entry = entries[mode] ?? entries.main!;
  return {
    // Pure JS dependencies are bundled; only what must stay a separate module is external.
    ssr: { noExternal: true },
    build: {
      outDir: 'dist/electron',
      emptyOutDir: mode === 'main',
      target: 'node22',
      minify: false,
      ssr: true,
      rollupOptions: {
        input: fileURLToPath(new URL(entry.input, import.meta.url)),
        external,
        output: { format: preload ? 'cjs' : 'es', entryFileNames: entry.file },
      },
    },
  };
});
