// Bundles the Electron shell: `--mode main` the main process (ESM; Node built-ins, native
// modules and electron left external), `--mode preload` the sandboxed preload (one CommonJS
// file, as a sandboxed preload must be).
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const external = ['electron', 'better-sqlite3', 'serialport', 'ws', /^node:/, ...builtinModules];

export default defineConfig(({ mode }) => {
  const preload = mode === 'preload';
  return {
    // Pure JS dependencies are bundled; only what must stay a separate module is external.
    ssr: { noExternal: true },
    build: {
      outDir: 'dist/electron',
      emptyOutDir: !preload,
      target: 'node22',
      minify: false,
      ssr: true,
      rollupOptions: {
        input: fileURLToPath(new URL(preload ? './electron/preload/preload.ts' : './electron/main/main.ts', import.meta.url)),
        external,
        output: { format: preload ? 'cjs' : 'es', entryFileNames: preload ? 'preload.cjs' : 'main.js' },
      },
    },
  };
});
