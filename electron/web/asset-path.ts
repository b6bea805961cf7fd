// Which file a screen's URL names: exactly a regular file of a known type under the screens'
// folder, or nothing (404). One mapping for the Electron shell's app://kiosk/ protocol and
// the loopback server, plain Node so that it is tested with hostile URLs.
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseTheme, THEME_FILE, THEME_FOLDER, type Theme } from '../contract/theme.ts';
import { failWith } from '../node/failure.ts';

/** The types the built screens are made of; any other file is not served. */
export const ASSET_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json',
};

// Never a name: a separator of either system once decoded, a drive or NTFS stream colon,
// control characters (NUL above all), a leading dot ('.', '..', dot files).
const BAD_SEGMENT = /[/\\:\p{Cc}]|^\./u;
// Windows opens these as devices in any folder and with any extension (COM1 may be the ball machine).
const WINDOWS_DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/**
 * The file under `root` that a URL's `pathname` (still percent-encoded) names, and its content
 * type; undefined for anything else: a path leaving the folder by any spelling, a folder, a
 * symlink, a device or FIFO, a file that is not there or of no known type.
 */
export function assetFile(root: string, pathname: string): { path: string; type: string } | undefined {
  if (!pathname.startsWith('/')) return undefined;
  const names: string[] = [];
  for (const segment of pathname.slice(1).split('/')) {
    let name: string;
    try {
      name = decodeURIComponent(segment);
    } catch {
      return undefined; // broken percent-encoding
    }
    if (name === '' || BAD_SEGMENT.test(name) || WINDOWS_DEVICE.test(name)) return undefined;
    names.push(name);
  }
  const type = ASSET_TYPES[extname(names.at(-1) ?? '')];
  const base = resolve(root);
  const path = resolve(base, ...names);
  if (type === undefined || !inside(base, path)) return undefined;
  try {
    // Only a regular file, and no symlinked folder on the way leads out.
    if (!lstatSync(path).isFile() || !inside(realpathSync(base), realpathSync(path))) return undefined;
  } catch {
    return undefined; // not there, or not readable: the same 404
  }
  return { path, type };
}

/** What a screen's URL may name: the built screens, and the folder the stage's theme comes from. */
export interface ScreenRoots {
  readonly screens: string;
  readonly theme: string;
}

/**
 * The screens' roots for an installation: the theme from `dataDir`/theme when it holds a
 * theme.json (a city's own, assets/README.md), else the one built with the screens. Checked
 * here, at start: a theme.json that is not one, or a logo that is not there, stops the kiosk
 * with the file and the member named, before any screen shows it. With them, who runs the draw as
 * that theme names it: the issuer of the announcements too.
 */
export function screenRoots(screens: string, dataDir: string): ScreenRoots & { readonly organization: Theme['organization'] } {
  const own = join(dataDir, THEME_FOLDER);
  const theme = existsSync(join(own, THEME_FILE)) ? own : join(screens, THEME_FOLDER);
  const file = join(theme, THEME_FILE);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    failWith({ kind: 'input', rule: 'theme', file, words: { zh: `不是可读的 JSON：${(e as Error).message}`, en: `not readable JSON: ${(e as Error).message}` } });
  }
  const parsed = parseTheme(json);
  if (!parsed.ok) failWith({ kind: 'input', rule: 'theme', file, words: parsed.words });
  if (!assetFile(theme, `/${parsed.theme.logo}`)) {
    failWith({ kind: 'input', rule: 'theme', file, words: { zh: `logo：主题文件夹中没有 ${parsed.theme.logo}`, en: `logo: ${parsed.theme.logo} is not in the theme folder` } });
  }
  return { screens, theme, organization: parsed.theme.organization };
}

/** The file a screen's URL (`pathname`, still percent-encoded) names: under /theme/ from the theme folder, else from the screens'. */
export function screenFile(roots: ScreenRoots, pathname: string): { path: string; type: string } | undefined {
  const themed = `/${THEME_FOLDER}/`;
  return pathname.startsWith(themed) ? assetFile(roots.theme, pathname.slice(themed.length - 1)) : assetFile(roots.screens, pathname);
}

/** The file an app://kiosk/… URL names under `roots` (query and fragment ignored), or undefined. */
export function appAssetFile(roots: ScreenRoots, url: string): { path: string; type: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'app:' || parsed.host !== 'kiosk' || parsed.username !== '' || parsed.password !== '') return undefined;
  return screenFile(roots, parsed.pathname);
}

function inside(base: string, path: string): boolean {
  const rel = relative(base, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
