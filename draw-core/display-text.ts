// Free text (a package's title and pool names, a host's reason) as the kiosk shows it in
// every page, PDF and text file it writes. The spec lets a title or pool name be any UTF-8,
// so it may hold characters that do not show: line breaks that would start a line passing for
// one of the report's own, bidi overrides that reorder the ranks and codes around the name,
// zero-width characters that make two names look alike. Each is shown as 〈U+XXXX〉 instead:
// the text stays on its line, reorders nothing, and what differs looks different.

/** Controls, formats (bidi, zero-width), line and paragraph separators, lone surrogates, other default-ignorables. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;

/** The code point as the mark that stands for it, e.g. 〈U+202E〉. */
export function codePointMark(ch: string): string {
  return `〈U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}〉`;
}

/** `text` with every character that would not show, or would act on the text around it, shown as its code point. */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, codePointMark);
}
