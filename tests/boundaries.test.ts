// The layering holds: an import across a boundary is a lint error, and draw-core
// cannot even name Node's or the DOM's globals (its tsconfig has no such types).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/packages.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
// Only the import rule, without type information: the files linted here are made up, in no tsconfig.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries (eslint)', () => {
  const cases: [string, string, boolean][] = [
    ['draw-core/x.ts', "import { readFileSync } from 'node:fs';", false],
    ['draw-core/x.ts', "import { createHash } from 'crypto';", false],
    ['draw-core/x.ts', "import { x } from '../hardware/x.ts';", false],
    ['draw-core/x.ts', "import { x } from '../electron/node/files.ts';", false],
    ['draw-core/x.ts', "import React from 'react';", false],
    ['draw-core/x.ts', "import { lp } from './bytes.ts';", true],
    ['draw-core/x.ts', "import { sha256 } from '@noble/hashes/sha2.js';", true],
    ['hardware/x.ts', "import { app } from 'electron';", false],
    ['hardware/x.ts', "import { x } from '../electron/node/files.ts';", false],
    ['hardware/x.ts', "import { draw } from '../draw-core/draw.ts';", true],
    ['electron/cli/x.ts', "import { app } from 'electron';", false],
    ['electron/node/x.ts', "import { BrowserWindow } from 'electron/main';", false],
    ['electron/main/x.ts', "import { app } from 'electron';", true],
    ['renderer/x.ts', "import { readFileSync } from 'node:fs';", false],
    ['renderer/x.ts', "import { x } from '../hardware/serial.ts';", false],
    ['renderer/x.ts', "import { draw } from '../draw-core/draw.ts';", true],
    ['renderer/console/x.ts', "import type { KioskView } from '../../electron/contract/kiosk-api.ts';", true],
    ['renderer/console/x.ts', "import { describeFailure } from '../../electron/contract/failures.ts';", true],
    ['renderer/console/x.ts', "import { KioskService } from '../../electron/service/kiosk-service.ts';", false],
    ['renderer/console/x.ts', "import { x } from '../../electron/node/files.ts';", false],
    ['electron/contract/x.ts', "import type { ObsStatus } from '../../hardware/obs/obs-status.ts';", true],
    ['electron/contract/x.ts', "import { ObsDirector } from '../../hardware/obs/director.ts';", false],
    ['electron/contract/x.ts', "import { readFileSync } from 'node:fs';", false],
    ['electron/contract/x.ts', "import { KioskService } from '../service/kiosk-service.ts';", false],
    ['electron/service/x.ts', "import { describeFailure } from '../contract/failures.ts';", true],
    // Each arrow of docs/ARCHITECTURE.md's diagram, and what it leaves out.
    ['electron/contract/x.ts', "import type { CeremonyState } from '../../draw-core/ceremony.ts';", true],
    ['electron/service/x.ts', "import { SerialBallMachine } from '../../hardware/ball-machine/serial-machine.ts';", true],
    ['electron/service/x.ts', "import { x } from '../../renderer/api/client.ts';", false],
    ['electron/web/x.ts', "import { KioskService } from '../service/kiosk-service.ts';", true],
    ['electron/web/x.ts', "import { x } from '../main/main.ts';", false],
    ['electron/main/x.ts', "import { KioskService } from '../service/kiosk-service.ts';", true],
    ['electron/main/x.ts', "import type { KioskView } from '../contract/kiosk-api.ts';", true],
    ['electron/cli/x.ts', "import { checkBundle } from '../../draw-core/bundle-check.ts';", true],
    ['electron/main/x.ts', "import { x } from '../../renderer/api/client.ts';", false],
    ['electron/preload/x.ts', "import { contextBridge } from 'electron';", true],
    ['electron/preload/x.ts', "import { x } from '../../renderer/api/client.ts';", false],
    ['hardware/x.ts', "import type { KioskView } from '../electron/contract/kiosk-api.ts';", false],
    ['verify/page/x.ts', "import { checkBundle } from '../../draw-core/bundle-check.ts';", true],
    ['verify/page/x.ts', "import { readFileSync } from 'node:fs';", false],
    ['verify/page/x.ts', "import { describeFailure } from '../../electron/contract/failures.ts';", false],
    ['verify/page/x.ts', "import { ObsDirector } from '../../hardware/obs/director.ts';", false],
    ['verify/page/x.ts', "import { x } from '../../renderer/api/client.ts';", false],
  ];
  for (const [file, source, allowed] of cases) {
    it(`${file}: ${source} is ${allowed ? 'allowed' : 'refused'}`, async () => {
      const errors = await importErrors(file, `${source}\nexport {};\n`);
      expect(errors.length === 0).toBe(allowed);
    });
  }
});

describe('draw-core has no Node or DOM types', () => {
  it('Buffer, process and document do not type-check in draw-core', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.ts'), "export const a = Buffer.from('x');\nexport const b = process.argv;\nexport const c = document.title;\nexport const ok: string = new TextDecoder().decode(new TextEncoder().encode('x'));\n");
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(root, 'draw-core/tsconfig.json'), include: ['x.ts'], files: [join(root, 'draw-core/runtime.d.ts')], compilerOptions: { typeRoots: [] } }));
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    for (const name of ['Buffer', 'process', 'document']) expect(r.stdout).toContain(`Cannot find name '${name}'`);
    expect(r.stdout).not.toMatch(/x\.ts\(4,/);
  });
});
