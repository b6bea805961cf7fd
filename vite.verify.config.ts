// Builds verify/verify.html (verify/page/) into ONE self-contained file, dist/verify/verify.html,
// which every evidence bundle carries: the script (with its worker inlined) and the style go
// into the page, and a strict Content-Security-Policy admits exactly those two by their SHA-256.
// Nothing is fetched, so the page works opened from file:// with no network. The same sources
// give the same bytes every build (the bundle writer copies the file into every bundle).
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const PAGE = 'verify.html';

const cspHash = (source: string) => `'sha256-${createHash('sha256').update(source).digest('base64')}'`;

/** The policy for an inlined script and style: nothing else runs, loads or connects. */
export function verifyPagePolicy(script: string, style: string): string {
  return [
    `default-src 'none'`,
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(style)}`,
    // The checking runs in a worker made from the page's own inlined code, as a blob: URL.
    `worker-src blob:`,
    `connect-src 'none'`,
    `img-src data:`,
    `base-uri 'none'`,
    `form-action 'none'`,
    `require-trusted-types-for 'script'`,
    `trusted-types default`,
  ].join('; ');
}

/** Replaces the emitted script and stylesheet links with the code itself, and adds the policy. */
function singleFile(): Plugin {
  return {
    name: 'verify-single-file',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const page = bundle[PAGE];
      if (page?.type !== 'asset' || typeof page.source !== 'string') throw new Error(`${PAGE} was not emitted`);
      const chunks = Object.values(bundle).filter((o) => o.type === 'chunk');
      const styles = Object.values(bundle).filter((o) => o.type === 'asset' && o.fileName.endsWith('.css'));
      if (chunks.length !== 1 || styles.length !== 1) {
        throw new Error(`verify.html must build to one script and one stylesheet, got ${chunks.map((c) => c.fileName)} and ${styles.map((s) => s.fileName)}`);
      }
      const script = chunks[0]!.type === 'chunk' ? chunks[0]!.code : '';
      const style = styles[0]!.type === 'asset' ? String(styles[0]!.source) : '';
      // The HTML parser ends an inline script or style at its closing tag, wherever it is.
      if (/<\/script|<!--/i.test(script) || /<\/style/i.test(style)) throw new Error('the inlined code holds a closing tag or <!--: it cannot be inlined as is');
      let html = page.source;
      const scriptTag = /<script type="module" crossorigin src="[^"]+"><\/script>/;
      const styleTag = /<link rel="stylesheet" crossorigin href="[^"]+">/;
      if (!scriptTag.test(html) || !styleTag.test(html)) throw new Error(`${PAGE}: the emitted script or stylesheet tag was not found`);
      html = html
        .replace(scriptTag, () => `<script type="module">${script}</script>`)
        .replace(styleTag, () => `<style>${style}</style>`)
        .replace('<meta charset="utf-8" />', () => `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${verifyPagePolicy(script, style)}" />`);
      page.source = html;
      for (const o of [...chunks, ...styles]) Reflect.deleteProperty(bundle, o.fileName);
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./verify/page', import.meta.url)),
  base: './',
  plugins: [singleFile()],
  // A classic worker: Chromium refuses a module worker from a blob: URL on a file:// page (an opaque origin).
  worker: { format: 'iife' },
  build: {
    outDir: fileURLToPath(new URL('./dist/verify', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: false,
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    rollupOptions: { input: fileURLToPath(new URL(`./verify/page/${PAGE}`, import.meta.url)) },
  },
});
