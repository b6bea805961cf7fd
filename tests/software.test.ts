// The code digest anyone can reproduce with sha256sum, over the same files.
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeDigest, shippedFiles } from '../electron/node/software.ts';
import { draw } from './support/cli.ts';
import { tempDir } from './support/packages.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the code digest', () => {
  it('of the sources, as draw --version prints it, is `sha256sum FILES | sha256sum` over the sorted files', () => {
    const digest = /code digest ([0-9a-f]{64})/.exec(draw('--version').stdout)![1];
    const files = execSync("{ printf '%s\\n' package.json package-lock.json docs/spec/draw-v1.md docs/spec/ball-machine-protocol.md docs/spec/evidence-bundle.md; find draw-core electron hardware renderer verify -type f \\( -name '*.ts' -o -name '*.tsx' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.py' \\) ! -name '*.test.ts' ! -name '*.test.tsx'; } | LC_ALL=C sort", { cwd: root, encoding: 'utf8' });
    const bySha256sum = execSync(`sha256sum ${files.trim().split('\n').map((f) => `'${f}'`).join(' ')} | sha256sum`, { cwd: root, encoding: 'utf8' }).slice(0, 64);
    expect(digest).toBe(bySha256sum);
  });

  it('of a build: the shipped files (dist/electron, dist/renderer, package.json, the spec and verifiers bundles carry), and any change shows', () => {
    const base = tempDir();
    const shipped = ['dist/electron/main.js', 'dist/renderer/assets/a.js', 'dist/verify/verify.html', 'docs/spec/ball-machine-protocol.md',
      'docs/spec/draw-v1.md', 'docs/spec/evidence-bundle.md', 'package.json', 'verify/draw_verify.py'];
    for (const file of [...shipped, 'docs/spec/vectors/seed.json', 'verify/page/main.ts']) {
      mkdirSync(join(base, file, '..'), { recursive: true });
      writeFileSync(join(base, file), file);
    }
    const files = shippedFiles(base);
    expect(files.sort()).toEqual(shipped);
    const before = codeDigest(base, files);
    const bySha256sum = execSync(`sha256sum ${[...files].sort().join(' ')} | sha256sum`, { cwd: base, encoding: 'utf8' }).slice(0, 64);
    expect(before).toBe(bySha256sum);
    writeFileSync(join(base, 'dist', 'renderer', 'assets', 'a.js'), 'b');
    const after = codeDigest(base, files);
    expect(after).not.toBe(before);
    writeFileSync(join(base, 'verify', 'draw_verify.py'), 'changed');
    expect(codeDigest(base, files)).not.toBe(after);
  });
});
