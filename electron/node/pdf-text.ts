// Free text in the PDFs (announcement.pdf, report.pdf): visible as everywhere (visibleText),
// and a character the embedded font cannot draw is shown by its code point too, not as an
// empty box that looks the same for every such character.
import { createRequire } from 'node:module';
import { codePointMark, visibleText } from '../../draw-core/display-text.ts';

const require = createRequire(import.meta.url);
export const FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
export const BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');
/** For digests only (hex digits in groups of four): fixed width, and a 0 that is not an O. */
export const MONO = require.resolve('@expo-google-fonts/jetbrains-mono/400Regular/JetBrainsMono_400Regular.ttf');

interface Font { hasGlyphForCodePoint(codePoint: number): boolean }
// pdfkit's own font engine, as pdfkit resolves it.
const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { openSync(path: string): Font };
const fonts = [FONT, BOLD].map((path) => fontkit.openSync(path));

export function pdfText(text: string): string {
  return visibleText(text).replace(/./gsu, (ch) => (fonts.every((f) => f.hasGlyphForCodePoint(ch.codePointAt(0)!)) ? ch : codePointMark(ch)));
}
