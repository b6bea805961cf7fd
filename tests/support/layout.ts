// A page's layout, measured in real Chromium as a broadcast engineer (the stage) or an operator
// (the console) would check it: every text's and graphic's box, what covers what, what is cut
// off, table cells under their heads. tests/e2e/stage-layout.test.ts and console-layout.test.ts.
import type { Page } from 'playwright-core';

export type Box = readonly [x0: number, y0: number, x1: number, y1: number];

/** A text or a graphic the page paints, as measured in it. */
interface Painted {
  readonly id: number;
  /** The elements around it that are painted too: a text in its cell is nested, not overlapping. */
  readonly ancestors: readonly number[];
  /** How a failure names it: its test id, or its tag and classes, and where it is. */
  readonly name: string;
  readonly text: string;
  /** text: the glyphs' em boxes line by line; picture: img, svg, canvas (they may not cover a text); backdrop: a background or border. */
  readonly kind: 'text' | 'picture' | 'backdrop';
  readonly boxes: readonly Box[];
  /** A text's size (its em) in the frame's 1080p pixels. */
  readonly em: number;
  /** Inside the watermark (the one exemption). */
  readonly watermark: boolean;
}

export interface Measured {
  readonly width: number;
  readonly height: number;
  readonly painted: readonly Painted[];
  /** Elements whose content is larger than their clipping box: text cut off. */
  readonly clipped: readonly { name: string; text: string; scroll: [number, number]; client: [number, number] }[];
  /** Text written by CSS (::before/::after content), which no box here measures. */
  readonly unmeasured: readonly { name: string; content: string }[];
  /** Texts the watermark's letters are painted over (it must lie beneath what the audience reads). */
  readonly covered: readonly { name: string; text: string }[];
  /** Table cells not under their column's head (left or right edge apart): a table drawn broken. */
  readonly misaligned: readonly { name: string; text: string; head: string }[];
}

/**
 * Runs in the page (a string: the tests are type-checked without the DOM's types). Walks every
 * element: its own text nodes (each line's em box: the glyphs' extent, not the taller line box a
 * tight line-height lets overlap the next), img/svg/canvas, and any background or border it
 * paints. An element covering the whole viewport (or none of it) is the backdrop the picture is
 * painted on, not a graphic placed in it.
 */
const MEASURE = `(() => {
  const W = innerWidth, H = innerHeight;
  const ids = new Map();
  const painted = [];
  const clipped = [];
  const unmeasured = [];
  const idOf = (el) => { if (!ids.has(el)) ids.set(el, ids.size); return ids.get(el); };
  const nameOf = (el) => {
    const own = (e) => e.dataset.testid ? '[data-testid=' + e.dataset.testid + ']'
      : e.tagName.toLowerCase() + [...e.classList].map((c) => '.' + c).join('');
    const around = el.parentElement && el.parentElement.closest('[data-testid], [class]');
    return own(el) + (around && around !== document.body ? ' in ' + own(around) : '');
  };
  const alpha = (color) => { const m = color.match(/rgba?\\(([^)]*)\\)/); if (!m) return 1; const p = m[1].split(/[ ,\\/]+/).filter(Boolean); return p.length > 3 ? parseFloat(p[3]) : 1; };
  const scaleOf = (el) => { let s = 1; for (let e = el; e; e = e.parentElement) { const t = getComputedStyle(e).transform; if (t && t !== 'none') { const m = new DOMMatrix(t); s *= Math.hypot(m.a, m.b); } } return s; };
  const box = (r) => [r.left, r.top, r.right, r.bottom];
  const fullBleed = (r) => r.width <= 0 || r.height <= 0 || (r.left <= 0.5 && r.top <= 0.5 && r.right >= W - 0.5 && r.bottom >= H - 0.5);
  const walk = (el, ancestors, watermark) => {
    const style = getComputedStyle(el);
    if (style.display === 'none') return;
    const inWatermark = watermark || el.dataset.testid === 'watermark';
    const visible = el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    let mine = ancestors;
    if (visible) {
      const id = idOf(el);
      const r = el.getBoundingClientRect();
      const tag = el.tagName.toLowerCase();
      const add = (kind, boxes, text, em = 0) => { painted.push({ id, ancestors, name: nameOf(el), text, kind, boxes, em, watermark: inWatermark }); mine = [...ancestors, id]; };
      if (['img', 'svg', 'canvas', 'video'].includes(tag)) {
        if (r.width > 0 && r.height > 0) add('picture', [box(r)], el.getAttribute('alt') || '');
      } else {
        const sides = ['top', 'right', 'bottom', 'left'];
        const border = sides.some((s) => parseFloat(style.getPropertyValue('border-' + s + '-width')) > 0 && !['none', 'hidden'].includes(style.getPropertyValue('border-' + s + '-style')) && alpha(style.getPropertyValue('border-' + s + '-color')) > 0);
        const background = alpha(style.backgroundColor) > 0 || style.backgroundImage !== 'none';
        if ((border || background) && !fullBleed(r)) add('backdrop', [box(r)], '');
        const texts = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim() !== '');
        if (texts.length) {
          const em = parseFloat(style.fontSize) * scaleOf(el);
          const boxes = [];
          for (const t of texts) {
            const range = document.createRange();
            range.selectNodeContents(t);
            for (const l of range.getClientRects()) {
              if (l.width <= 0) continue;
              const mid = (l.top + l.bottom) / 2, half = Math.min(em, l.height) / 2;
              boxes.push([l.left, mid - half, l.right, mid + half]);
            }
          }
          if (boxes.length) add('text', boxes, texts.map((t) => t.textContent.trim()).join(' '), em * 1080 / H);
        }
        for (const pseudo of ['::before', '::after']) {
          const content = getComputedStyle(el, pseudo).content;
          if (content && !['none', 'normal', '""', "''"].includes(content)) unmeasured.push({ name: nameOf(el) + pseudo, content });
        }
      }
      const clips = [style.overflowX, style.overflowY].some((o) => o !== 'visible') || style.textOverflow === 'ellipsis';
      if (clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
        clipped.push({ name: nameOf(el), text: el.textContent.trim().slice(0, 60), scroll: [el.scrollWidth, el.scrollHeight], client: [el.clientWidth, el.clientHeight] });
      }
    }
    if (el.tagName.toLowerCase() === 'svg') return;
    for (const child of el.children) walk(child, mine, inWatermark);
  };
  walk(document.body, [], false);
  // What lies on top where each text is: everything hit-testable but the watermark's full-frame
  // box, so only its letters (their boxes) can be found over a text.
  const covered = [];
  const mark = document.querySelector('[data-testid=watermark]');
  if (mark) {
    const probe = document.createElement('style');
    probe.textContent = '* { pointer-events: auto !important } [data-testid=watermark] { pointer-events: none !important }';
    document.head.append(probe);
    for (const p of painted) {
      if (p.kind !== 'text' || p.watermark) continue;
      const hit = p.boxes.some(([x0, y0, x1, y1]) => [0.1, 0.3, 0.5, 0.7, 0.9].some((f) => {
        const top = document.elementFromPoint(x0 + (x1 - x0) * f, (y0 + y1) / 2);
        return top !== null && top !== mark && mark.contains(top);
      }));
      if (hit) covered.push({ name: p.name, text: p.text.slice(0, 60) });
    }
    probe.remove();
  }
  // A table's columns: every cell spans what its column's head spans (one report per column).
  const misaligned = [];
  for (const table of document.querySelectorAll('table')) {
    const [head, ...rows] = [...table.rows];
    if (!head) continue;
    const reported = new Set();
    for (const row of rows) [...row.cells].forEach((cell, i) => {
      const h = head.cells[i], a = h && h.getBoundingClientRect(), b = cell.getBoundingClientRect();
      if (reported.has(i) || (a && Math.abs(a.left - b.left) <= 1 && Math.abs(a.right - b.right) <= 1)) return;
      reported.add(i);
      misaligned.push({ name: nameOf(cell), text: cell.textContent.trim().slice(0, 40), head: h ? nameOf(h) + ' "' + h.textContent.trim().slice(0, 40) + '"' : 'no head' });
    });
  }
  return { width: W, height: H, painted, clipped, unmeasured, covered, misaligned };
})()`;

const round = (b: Box) => `[${b.map((v) => Math.round(v)).join(', ')}]`;
const union = (boxes: readonly Box[]): Box => [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
/**
 * The smallest text, in the frame's 1080p pixels: a 1080p programme is often watched as 720p,
 * where 18 px becomes 12, about the smallest a viewer reads on a phone or a laptop.
 */
const SMALLEST_TEXT = 18;
/** Half a pixel of the frame's 1080p units: rounding, not layout. */
const TOLERANCE = 0.5;
const inside = (b: Box, area: Box, tol: number) => b[0] >= area[0] - tol && b[1] >= area[1] - tol && b[2] <= area[2] + tol && b[3] <= area[3] + tol;
const overlap = (a: Box, b: Box, tol: number) => Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > tol && Math.min(a[3], b[3]) - Math.max(a[1], b[1]) > tol;
const show = (p: Painted) => `${p.name}${p.text ? ` "${p.text.slice(0, 40)}"` : ''}`;

/**
 * Every problem with the picture, in words naming the element, its text and its box. The stage
 * (`stage`) is also held to the title-safe area and a livestream's smallest text; a screen close
 * up (the console) only to nothing over anything and nothing cut off.
 */
export function problems(m: Measured, { stage }: { stage: boolean }): string[] {
  const scale = m.height / 1080;
  const tol = TOLERANCE * scale;
  // EBU R 95 title-safe: 5% margins on every side.
  const safe: Box = [m.width * 0.05, m.height * 0.05, m.width * 0.95, m.height * 0.95];
  const frame: Box = [0, 0, m.width, m.height];
  const found: string[] = [];
  for (const p of m.painted) {
    const b = union(p.boxes);
    if (p.watermark) {
      if (!inside(b, frame, tol)) found.push(`watermark outside the frame ${round(frame)}: ${show(p)} ${round(b)}`);
    } else if (stage && !inside(b, safe, tol)) {
      found.push(`outside the title-safe area ${round(safe)}: ${show(p)} ${round(b)}`);
    }
  }
  const over = m.painted.filter((p) => !p.watermark);
  for (const [i, a] of over.entries()) {
    for (const b of over.slice(i + 1)) {
      // Two pictures or boxes may lie on each other; a text lies on nothing but what holds it.
      if (a.kind !== 'text' && b.kind !== 'text') continue;
      if (a.id === b.id || a.ancestors.includes(b.id) || b.ancestors.includes(a.id)) continue;
      const hit = a.boxes.find((x) => b.boxes.some((y) => overlap(x, y, tol)));
      if (hit) found.push(`overlapping: ${show(a)} ${round(union(a.boxes))} and ${show(b)} ${round(union(b.boxes))}`);
    }
  }
  for (const p of m.painted) {
    if (stage && p.kind === 'text' && !p.watermark && p.em < SMALLEST_TEXT - TOLERANCE) found.push(`too small to read on a livestream (${p.em.toFixed(1)} px of 1080): ${show(p)}`);
  }
  for (const c of m.covered) found.push(`under the watermark's letters: ${c.name} "${c.text}"`);
  for (const c of m.clipped) found.push(`text cut off: ${c.name} "${c.text}": content ${c.scroll.join('×')} in a box of ${c.client.join('×')}`);
  for (const c of m.misaligned) found.push(`not under its column's head (${c.head}): ${c.name} "${c.text}"`);
  for (const u of m.unmeasured) found.push(`text written by CSS, which no box measures: ${u.name} ${u.content}`);
  return found;
}

export async function measure(page: Page): Promise<Measured> {
  return page.evaluate<Measured>(MEASURE);
}
