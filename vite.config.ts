// Builds the screens (console and stage) into dist/renderer, served by the Electron shell's
// custom protocol and by the loopback server alike. Everything is bundled: fonts included.
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const page = (name: string) => fileURLToPath(new URL(`./renderer/${name}.html`, import.meta.url));

/**
 * The built-in theme, assets/theme.json and the logo it names, copied to theme/: the stage
 * fetches its theme at run time, from there or from the installation's own theme folder
 * (electron/web/asset-path.ts), so a city brands it without a rebuild (assets/README.md).
 */
function builtInTheme(): Plugin {
  const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url));
  return {
    name: 'built-in-theme',
    generateBundle() {
      const theme = asset('theme.json');
      this.emitFile({ type: 'asset', fileName: 'theme/theme.json', source: theme });
      const { logo } = JSON.parse(theme.toString('utf8')) as { logo: string };
      this.emitFile({ type: 'asset', fileName: `theme/${logo}`, source: asset(logo) });
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), builtInTheme()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    rollupOptions: { input: { console: page('console'), stage: page('stage') } },
  },
});
