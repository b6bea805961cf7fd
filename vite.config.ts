// Builds the screens (console and stage) into dist/renderer, served by the Electron shell's
// custom protocol and by the loopback server alike. Everything is bundled: fonts included.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const page = (name: string) => fileURLToPath(new URL(`./renderer/${name}.html`, import.meta.url));

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    rollupOptions: { input: { console: page('console'), stage: page('stage') } },
  },
});
