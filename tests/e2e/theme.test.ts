// A city brands the stage without code: a second theme (tests/fixtures/second-theme: other
// names, title, colours, font list and a logo of another name) put in the kiosk's data folder,
// served by browser mode as `npm run start:web` runs it, the stage in real Chromium. The page
// shows the second theme's names, colours and logo, and nothing of the theme built from assets/;
// the announcements its bundle carries name the second theme's organization as their issuer.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { startBrowserMode, type BrowserMode } from '../support/browser-mode.ts';
import { NAMES } from '../support/ceremony-names.ts';
import { openScreen } from '../support/kiosk-wire.ts';
import { simpleEntries, tempDir, writePackage } from '../support/packages.ts';
import { openPage } from '../support/screens.ts';

interface ThemeFile {
  organization: { zh: string; en: string };
  title: { zh: string; en: string };
  colours: Record<string, string>;
  font: string;
  logo: string;
}
const SECOND = fileURLToPath(new URL('../fixtures/second-theme', import.meta.url));
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as ThemeFile;
const second = read(join(SECOND, 'theme.json'));
const builtIn = read(fileURLToPath(new URL('../../assets/theme.json', import.meta.url)));

/** A theme colour as Chromium computes it: `#40c4ff` → `rgb(64, 196, 255)`; rgba() as written. */
const computed = (colour: string) => {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  return hex ? `rgb(${hex.slice(1).map((h) => parseInt(h, 16)).join(', ')})` : colour;
};

let host: BrowserMode;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  const dataDir = tempDir('kiosk-theme-');
  cpSync(SECOND, join(dataDir, 'theme'), { recursive: true });
  host = await startBrowserMode(dataDir);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('a second theme in the data folder', () => {
  it('the stage shows its names, colours and logo, and nothing of the built-in theme', async () => {
    // A ceremony announced for a day ahead: the holding slate, its countdown in the accent colour.
    const console_ = await openScreen(host.consoleUrl, 'console');
    const starts = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    expect(await console_.call('createCeremony', { period: 'theme-1', kind: 'quota-allocation', rehearsal: true, ...NAMES, scheduledStart: starts })).toEqual({ ok: true, value: undefined });
    await console_.close();

    const stage = await openPage(browser, host.stageUrl, errors, 1920, 1080);
    await stage.locator('[data-phase="created"]').waitFor();
    await stage.evaluate('document.fonts.ready');
    const seen = await stage.evaluate(`(() => {
      const logo = document.querySelector('[data-testid="brand"] img');
      const colours = new Set();
      for (const el of document.querySelectorAll('*')) {
        const s = getComputedStyle(el);
        for (const p of ['color', 'background-color', 'background-image', 'border-top-color', 'border-bottom-color', 'fill', 'stroke']) colours.add(s.getPropertyValue(p));
      }
      const frame = getComputedStyle(document.querySelector('.stage-frame'));
      return {
        text: document.body.innerText,
        logo: logo && { src: logo.getAttribute('src'), loaded: logo.complete && logo.naturalWidth > 0 },
        images: [...document.images].map((i) => i.getAttribute('src')),
        colours: [...colours].join(' | '),
        frame: { color: frame.color, background: frame.backgroundImage, font: frame.fontFamily },
      };
    })()`) as { text: string; logo: { src: string; loaded: boolean } | null; images: string[]; colours: string; frame: { color: string; background: string; font: string } };

    // The title stands until a package brings the ceremony's own; beneath it, the period.
    for (const words of [second.organization.zh, second.organization.en, second.title.zh]) expect(seen.text).toContain(words);
    expect(seen.logo).toEqual({ src: `theme/${second.logo}`, loaded: true });
    expect(seen.frame.color).toBe(computed(second.colours.text!));
    for (const c of [second.colours.glow!, second.colours.background!]) expect(seen.frame.background).toContain(computed(c));
    expect(seen.frame.font).toBe(second.font);
    // The countdown to the scheduled start, in the second theme's accent.
    expect(await stage.evaluate(`getComputedStyle(document.querySelector('.countdown .clock')).color`)).toBe(computed(second.colours.accent!));

    // Nothing of the built-in theme: its words, its logo, any of its colours.
    for (const words of [builtIn.organization.zh, builtIn.organization.en, builtIn.title.zh, builtIn.title.en]) expect(seen.text).not.toContain(words);
    expect(seen.images.filter((src) => src.includes(builtIn.logo))).toEqual([]);
    for (const c of Object.values(builtIn.colours)) expect(seen.colours).not.toContain(computed(c));
    expect(errors).toEqual([]);
  });

  it('its organization publishes the announcements (html and pdf), and the built-in one does not', async () => {
    const console_ = await openScreen(host.consoleUrl, 'console');
    const call = async (command: string, args: unknown) => {
      const reply = await console_.call(command, args);
      expect(reply, `${command}: ${JSON.stringify(reply)}`).toMatchObject({ ok: true });
    };
    try {
      // The ceremony created above, still open.
      await call('importPackage', { path: writePackage([{ id: 'P', entries: simpleEntries(20), quota: 2 }], { balls: 6, manifest: (m) => { m.period = 'theme-1'; } }) });
      await call('confirmSealDigest', {});
      for (const d of '048213') await call('enterManualBall', { hostDigit: d, notaryDigit: d });
      await call('confirmSeed', {});
      await call('computeResults', {});
      await call('revealTo', { pool: 0, page: 0 }); // the one pool's one page: the reveal's last
      await call('writeBundle', { target: join(host.bundleFolder, 'bundle') });
    } finally {
      await console_.close();
    }
    const html = readFileSync(join(host.bundleFolder, 'bundle', 'announcement.html'), 'utf8');
    const pdf = spawnSync('pdftotext', ['-raw', join(host.bundleFolder, 'bundle', 'announcement.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
    for (const text of [html, pdf]) {
      expect(text).toContain(`${second.organization.zh}`);
      expect(text).not.toContain(builtIn.organization.zh);
    }
    expect(html).toContain(`发布单位 Issuer: ${second.organization.zh} ${second.organization.en}`);
  });
});
