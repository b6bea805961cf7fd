// No Electron build can run here, so the release configuration is checked as far as it can
// be: electron-builder.yml against electron-builder's own configuration schema, the kiosk's
// fuses, and the files it ships.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const yaml = require('js-yaml') as { load(text: string): unknown };
const Ajv = require('ajv') as new (opts: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] } };
interface BuilderConfig {
  electronFuses: Record<string, boolean>;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  publish: null;
  win: { icon: string; target: { target: string }[] };
  linux: { target: { target: string }[] };
}
const config = yaml.load(readFileSync(`${root}/electron-builder.yml`, 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('is valid against electron-builder\'s configuration schema', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, schemaId: 'auto', jsonPointers: true }).compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
    expect(validate({ ...config, asar: 'yes please' })).toBe(false); // the schema does bite
  });

  it('sets the fuses a kiosk needs', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true,
      // The screens come from app://kiosk; no file:// page gets more than a browser would give it.
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships the built shell and screens, unpacks the native modules, publishes nothing', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'package.json']));
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/@serialport/bindings-cpp/**']));
    expect(config.publish).toBeNull();
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis', 'portable']);
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage']);
    expect(existsSync(`${root}/${config.win.icon}`)).toBe(true);
    const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
    expect(pkg.main).toBe('dist/electron/main.js');
  });
});
