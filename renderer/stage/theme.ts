// The city's own look: names, title, colours, font and logo. The stage's CSS uses only the
// custom properties set here. Fetched at run time from the page's theme/ folder, which the kiosk
// serves from its data folder's theme/ when a city put one there, else the one built from
// assets/ (electron/web/asset-path.ts, assets/README.md): another city's look needs no rebuild.
// Read in this one module, so where the theme comes from can change alone.
import type { CSSProperties } from 'react';
import { parseTheme, THEME_FILE, THEME_FOLDER, type Theme } from '../../electron/contract/theme.ts';
import { RETRY_MS } from '../api/client.ts';

export type { Theme };

/**
 * The theme as served; the kiosk checked it at start, and the stage checks it again before showing
 * any of it. A request that reaches no service (it is restarting as the page loads) is made again,
 * as the client reconnects, until it does.
 */
async function loadTheme(): Promise<Theme> {
  let response: Response | undefined;
  for (let wait: number = RETRY_MS.first; !response; wait = Math.min(wait * 2, RETRY_MS.max)) {
    response = await fetch(`${THEME_FOLDER}/${THEME_FILE}`, { cache: 'no-store' }).catch(() => undefined);
    if (!response) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  if (!response.ok) throw new Error(`${THEME_FOLDER}/${THEME_FILE}: HTTP ${response.status}`);
  const parsed = parseTheme(await response.json());
  if (!parsed.ok) throw new Error(`${THEME_FOLDER}/${THEME_FILE}: ${parsed.words.en}`);
  return parsed.theme;
}

// Awaited at the top level: the stage's modules, and so its first frame, wait for the theme,
// so no frame ever shows another city's look.
export const THEME: Theme = await loadTheme();
export const LOGO = `${THEME_FOLDER}/${THEME.logo}`;

/** The theme as the custom properties stage.css reads. */
export function themeStyle(t: Theme): CSSProperties {
  const c = t.colours;
  return {
    '--stage-bg': c.background, '--stage-glow': c.glow, '--stage-text': c.text, '--stage-muted': c.muted, '--stage-line': c.line,
    '--stage-panel': c.panel, '--stage-accent': c.accent, '--stage-ball-text': c.ballText, '--stage-alert': c.alert, '--stage-font': t.font,
  } as CSSProperties;
}
