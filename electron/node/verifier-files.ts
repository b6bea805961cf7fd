// The spec and the two offline verifiers every bundle carries, and where the product keeps
// them: the spec and the Python verifier are sources of the project; verify.html is built
// from draw-core (`npm run build:verify`). The installers ship all of them (electron-builder.yml).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SPEC_FILES, VERIFIER_FILES } from '../../draw-core/bundle-check.ts';
import { fail } from '../../draw-core/errors.ts';
import type { BundleFile } from './bundle-writer.ts';

// From this file in the sources and from dist/electron/main.js in the kiosk as built alike: the project's root.
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

type VerifierFile = (typeof SPEC_FILES)[number] | (typeof VERIFIER_FILES)[number];

const SOURCES: Record<VerifierFile, { readonly path: string; readonly zh: string; readonly en: string }> = {
  'spec/draw-v1.md': fromSources('docs/spec/draw-v1.md'),
  'spec/ball-machine-protocol.md': fromSources('docs/spec/ball-machine-protocol.md'),
  'spec/evidence-bundle.md': fromSources('docs/spec/evidence-bundle.md'),
  'verify/draw_verify.py': fromSources('verify/draw_verify.py'),
  'verify/verify.html': { path: 'dist/verify/verify.html', zh: '请先构建：npm run build:verify', en: 'build it first: npm run build:verify' },
};

/** Where they are in the product, relative to its root: the code digest covers them too. */
export const VERIFIER_SOURCES: readonly string[] = Object.values(SOURCES).map((s) => s.path);

function fromSources(path: string) {
  return { path, zh: '它是项目源代码的一部分：请从仓库恢复', en: 'it is part of the project\'s sources: restore it from the repository' };
}

/** The files as the bundle holds them; a missing one is named, with how to get it. `root`: the project's. */
export function verifierFiles(root = PROJECT_ROOT): BundleFile[] {
  return [...SPEC_FILES, ...VERIFIER_FILES].map((name) => {
    const { path, zh, en } = SOURCES[name];
    const file = join(root, path);
    try {
      return { name, bytes: readFileSync(file) };
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code ?? String(e);
      return fail({ file }, 'verifier-missing', `证据包须附带 ${name}，但读不到 ${path}（${reason}）；${zh}`,
        `every bundle carries ${name}, but ${path} cannot be read (${reason}); ${en}`);
    }
  });
}
