// A city's look for the stage: the theme folder's theme.json (names, title, colours, font, the
// logo's file name beside it). Checked where it is served (electron/web/asset-path.ts, at start,
// so a technician's mistake stops the kiosk with words instead of reaching the broadcast) and
// read by the stage at run time (renderer/stage/theme.ts): another folder rebrands the stage
// without a rebuild (assets/README.md).
import * as v from 'valibot';
import type { Words } from './failures.ts';

/** Where the stage fetches its theme, beside its own page: `theme/theme.json` and the logo named there. */
export const THEME_FOLDER = 'theme';
export const THEME_FILE = 'theme.json';

const words = v.strictObject({ zh: v.pipe(v.string(), v.minLength(1), v.maxLength(200)), en: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) });
// A CSS value set as a custom property: no characters that would end the declaration or open another.
const css = v.pipe(v.string(), v.minLength(1), v.maxLength(200), v.regex(/^[^;{}<>\\]*$/));

const THEME_SCHEMA = v.strictObject({
  organization: words,
  /** The title shown before a package brings the ceremony's own. */
  title: words,
  colours: v.strictObject({
    background: css, glow: css, text: css, muted: css, line: css, panel: css, accent: css, ballText: css, alert: css,
  }),
  /** A CSS font-family list: a font the stage PC has, or the bundled Noto Sans SC. */
  font: css,
  /** The logo's file name in the theme folder: an SVG or PNG file. */
  logo: v.pipe(v.string(), v.regex(/^[0-9A-Za-z_-][0-9A-Za-z._-]{0,63}\.(svg|png)$/)),
});

export type Theme = v.InferOutput<typeof THEME_SCHEMA>;

/** A theme.json's parsed JSON checked: the theme, or the member that is wrong and why, in both languages. */
export function parseTheme(json: unknown): { readonly ok: true; readonly theme: Theme } | { readonly ok: false; readonly words: Words } {
  const parsed = v.safeParse(THEME_SCHEMA, json);
  if (parsed.success) return { ok: true, theme: parsed.output };
  const issue = parsed.issues[0];
  const where = v.getDotPath(issue) ?? '(theme)';
  return { ok: false, words: { zh: `${where}：${issue.message}`, en: `${where}: ${issue.message}` } };
}
