// A text fitted to its box (its width and max-height come from the CSS): on one line at the
// largest size from `max` down to `min`; past `min`, wrapped over the lines the box's height
// holds, smaller still if it must. Measured in the frame's own pixels, so 1080p and 4K fit alike.
// Nothing is clipped: a text that fits needs no clipping, and one that did not would show.
import { useLayoutEffect, useRef } from 'react';

const SMALLEST = 10;
/** The glyphs reach past a tight line box by a fraction of the size: that is no overflowing line. */
const GLYPH_OVERHANG = 0.3;

function fit(el: HTMLElement, max: number, min: number): void {
  let size = max;
  el.style.whiteSpace = 'nowrap';
  el.style.fontSize = `${size}px`;
  if (el.scrollWidth > el.clientWidth) size = Math.max(min, Math.floor((max * el.clientWidth) / el.scrollWidth));
  el.style.fontSize = `${size}px`;
  while (el.scrollWidth > el.clientWidth && size > min) el.style.fontSize = `${--size}px`;
  if (el.scrollWidth <= el.clientWidth) return;
  el.style.whiteSpace = 'normal';
  size = max;
  el.style.fontSize = `${size}px`;
  const overflows = () => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight + GLYPH_OVERHANG * size;
  while (overflows() && size > SMALLEST) el.style.fontSize = `${--size}px`;
}

/** `text` is shown as it is given: free text must come through visibleText first. */
export function FitText({ text, max, min, className, testId }: { text: string; max: number; min: number; className: string; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current!;
    fit(el, max, min);
    // The bundled font may arrive after the first layout: measure again with it.
    let current = true;
    void document.fonts.ready.then(() => current && fit(el, max, min));
    return () => {
      current = false;
    };
  }, [text, max, min]);
  return <div ref={ref} className={`fit ${className}`} data-testid={testId}><bdi>{text}</bdi></div>;
}
