// Every relative link in the repository's Markdown (README.md, docs/**, each folder's README.md)
// resolves in a fresh clone: to a file or folder of the repository, and for `file.md#anchor` to
// a heading of that file.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What is not the repository's own: installed packages, build output, dot folders. */
const NOT_OURS = new Set(['node_modules', 'dist', 'out']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return NOT_OURS.has(e.name) || e.name.startsWith('.') ? [] : markdownFiles(path);
    return e.name.endsWith('.md') ? [path] : [];
  });
}

/** Inline links and images `[text](target)` outside code, and reference definitions `[x]: target`. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const defined = [...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
  return [...inline, ...defined];
}

/** GitHub's anchor for a heading: lower case, punctuation dropped (CJK kept), spaces to dashes. */
function headingAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchorsOf(markdownFile: string): Set<string> {
  const headings = [...readFileSync(markdownFile, 'utf8').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => headingAnchor(m[1]!));
  const seen = new Map<string, number>();
  return new Set(headings.map((a) => {
    const n = seen.get(a) ?? 0;
    seen.set(a, n + 1);
    return n === 0 ? a : `${a}-${n}`;
  }));
}

/** What is wrong with a relative link from `file`, or undefined when it resolves. */
function brokenLink(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto: …
  const [path, anchor] = target.split('#', 2) as [string, string | undefined];
  const resolved = path === '' ? file : join(dirname(file), decodeURI(path));
  if (relative(ROOT, resolved).startsWith('..')) return `${target} leaves the repository`;
  if (!existsSync(resolved)) return `${target}: no such file ${relative(ROOT, resolved)}`;
  if (anchor && statSync(resolved).isFile() && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) {
    return `${target}: ${relative(ROOT, resolved)} has no heading for #${anchor}`;
  }
  return undefined;
}

describe('documentation links', () => {
  const files = markdownFiles(ROOT);

  it('every relative link in the Markdown files resolves to a file of the repository', () => {
    for (const f of ['README.md', 'docs/ARCHITECTURE.md', 'hardware/README.md', 'electron/contract/README.md']) expect(files).toContain(join(ROOT, f));
    const broken = files.flatMap((file) =>
      linkTargets(readFileSync(file, 'utf8')).flatMap((target) => {
        const wrong = brokenLink(file, target);
        return wrong ? [`${relative(ROOT, file)}: ${wrong}`] : [];
      }));
    expect(broken).toEqual([]);
  });

  it('finds the links it checks, and only outside code', () => {
    expect(linkTargets('[a](x.md) ![b](img/y.png "t") `[c](not-a-link.md)`\n```\n[d](in-code.md)\n```\n[e]: ref.md\n'))
      .toEqual(['x.md', 'img/y.png', 'ref.md']);
    expect(headingAnchor("Writing a driver for another machine's protocol")).toBe('writing-a-driver-for-another-machines-protocol');
    expect(headingAnchor('公众核验指南 · Public verification guide')).toBe('公众核验指南--public-verification-guide');
    expect(brokenLink(join(ROOT, 'README.md'), 'docs/no-such-file.md')).toMatch(/no such file docs\/no-such-file\.md/);
    expect(brokenLink(join(ROOT, 'README.md'), '../outside.md')).toMatch(/leaves the repository/);
    expect(brokenLink(join(ROOT, 'README.md'), 'docs/spec/evidence-bundle.md#41-records')).toBeUndefined();
    expect(brokenLink(join(ROOT, 'README.md'), 'docs/spec/evidence-bundle.md#no-such-heading')).toMatch(/has no heading for #no-such-heading/);
  });
});
