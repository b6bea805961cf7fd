// The screens' files by URL (the Electron shell's app://kiosk/ and the loopback server):
// exactly the regular files under the screens' folder with a known type, nothing else, for
// any URL an attacker can write. Real files, folders, symlinks and a FIFO on disk.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appAssetFile, assetFile, screenRoots } from '../electron/web/asset-path.ts';
import { toFailure } from '../electron/node/failure.ts';
import { failureLine } from '../electron/contract/failures.ts';
import { tempDir } from './support/packages.ts';

const outside = realpathSync(tempDir());
const root = join(outside, 'screens');
// Built before the cases are listed: some cases name these paths.
{
  mkdirSync(join(root, 'assets', 'sub'), { recursive: true });
  writeFileSync(join(outside, 'secret.js'), 'the journal key');
  mkdirSync(join(outside, 'screens-other'));
  writeFileSync(join(outside, 'screens-other', 'x.js'), ''); // its path starts with the screens' path
  writeFileSync(join(root, 'console.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'console-1.js'), '');
  writeFileSync(join(root, 'assets', 'font 1.woff2'), '');
  writeFileSync(join(root, 'assets', 'notes.txt'), '');
  writeFileSync(join(root, '.hidden.js'), '');
  writeFileSync(join(root, 'NUL.js'), ''); // devices on Windows, plain files here
  writeFileSync(join(root, 'assets', 'COM1.js'), '');
  writeFileSync(join(root, 'assets', 'conout$.css'), '');
  symlinkSync(join(outside, 'secret.js'), join(root, 'assets', 'link.js'));
  symlinkSync(outside, join(root, 'linked'));
  if (spawnSync('mkfifo', [join(root, 'assets', 'pipe.js')]).status !== 0) throw new Error('mkfifo failed');
  mkdirSync(join(outside, 'theme'));
  writeFileSync(join(outside, 'theme', 'logo.svg'), '<svg/>');
}
const roots = { screens: root, theme: join(outside, 'theme') };

describe('assetFile', () => {
  it('maps a URL path to the regular file it names, with its content type', () => {
    expect(assetFile(root, '/console.html')).toEqual({ path: join(root, 'console.html'), type: 'text/html; charset=utf-8' });
    expect(assetFile(root, '/assets/console-1.js')).toEqual({ path: join(root, 'assets', 'console-1.js'), type: 'text/javascript; charset=utf-8' });
    expect(assetFile(root, '/assets/font%201.woff2')).toEqual({ path: join(root, 'assets', 'font 1.woff2'), type: 'font/woff2' });
  });

  const hostile: [string, string][] = [
    ['/../secret.js', 'a parent segment'],
    ['/assets/../../secret.js', 'parent segments after a folder'],
    ['/%2e%2e/secret.js', 'an encoded parent segment'],
    ['/%2E%2E/secret.js', 'an encoded parent segment, upper case'],
    ['/..%2fsecret.js', 'an encoded slash'],
    ['/..%2fscreens-other%2fx.js', 'a sibling folder whose name starts like the root'],
    ['/..%2Fsecret.js', 'an encoded slash, upper case'],
    ['/..%5csecret.js', 'an encoded backslash'],
    ['/..\\secret.js', 'a backslash'],
    ['/assets%2fconsole-1.js', 'an encoded slash between real names'],
    ['/assets%5cconsole-1.js', 'an encoded backslash between real names'],
    [`/${encodeURIComponent(join(outside, 'secret.js'))}`, 'an encoded absolute path'],
    ['//secret.js', 'an empty segment'],
    ['/C:%5cWindows%5cwin.ini', 'a drive letter'],
    ['/console.html:stream', 'an NTFS stream'],
    ['/console.html%00.png', 'a NUL byte'],
    ['/console.html%0a', 'a control character'],
    ['/%E0%A4%A', 'broken percent-encoding'],
    ['/NUL.js', 'a Windows device name'],
    ['/assets/COM1.js', 'a Windows serial port name'],
    ['/assets/conout$.css', 'the Windows console'],
    ['/.hidden.js', 'a dot file'],
    ['/./console.html', 'a dot segment'],
    ['/assets/notes.txt', 'a file of no known type'],
    ['/assets', 'a folder'],
    ['/assets/sub', 'a folder'],
    ['/', 'the root'],
    ['', 'no path'],
    ['console.html', 'a path not starting with /'],
    ['/assets/link.js', 'a symlink to a file outside'],
    ['/linked/secret.js', 'a path through a symlinked folder'],
    ['/assets/pipe.js', 'a FIFO'],
    ['/assets/missing.js', 'a file that is not there'],
  ];
  for (const [path, what] of hostile) {
    it(`refuses ${what}: ${JSON.stringify(path)}`, () => expect(assetFile(root, path)).toBeUndefined());
  }

  it('never leaves the folder, whatever the path is made of', () => {
    const pieces = ['/', '..', '.', '%2e', '%2E', '%2f', '%5c', '\\', '%00', '%', 'assets', 'console.html', 'secret.js', 'linked', ':', 'C:', '%252e', '~', ' ', '?', '#'];
    let seed = 7;
    const pick = () => pieces[((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % pieces.length)]!;
    let served = 0;
    for (let i = 0; i < 20_000; i++) {
      const path = `/${Array.from({ length: 1 + (i % 7) }, pick).join('')}`;
      const file = assetFile(root, path);
      if (!file) continue;
      served++;
      const rel = relative(root, realpathSync(file.path));
      expect(rel.startsWith('..') || rel === '', `${path} → ${file.path}`).toBe(false);
      expect(['console.html', join('assets', 'console-1.js')]).toContain(rel);
    }
    expect(served).toBeGreaterThan(0); // the generator does reach real files
  });
});

describe('appAssetFile', () => {
  it('serves app://kiosk/ paths, ignoring query and fragment', () => {
    expect(appAssetFile(roots, 'app://kiosk/console.html')?.path).toBe(join(root, 'console.html'));
    expect(appAssetFile(roots, 'app://kiosk/assets/console-1.js?v=1#top')?.path).toBe(join(root, 'assets', 'console-1.js'));
  });

  it('serves theme/ from the theme folder, and only from there', () => {
    expect(appAssetFile(roots, 'app://kiosk/theme/logo.svg')?.path).toBe(join(outside, 'theme', 'logo.svg'));
    expect(appAssetFile(roots, 'app://kiosk/theme/console.html')).toBeUndefined();
    expect(appAssetFile(roots, 'app://kiosk/theme/%2e%2e/secret.js')).toBeUndefined();
    expect(appAssetFile(roots, 'app://kiosk/theme/..%2fsecret.js')).toBeUndefined();
  });

  for (const url of [
    'app://evil/console.html', 'app://kiosk.evil/console.html', 'app://kiosk:8080/console.html', 'app://user@kiosk/console.html',
    'app://user:pw@kiosk/console.html', 'app:///console.html', 'app:console.html', 'file:///etc/passwd', 'http://kiosk/console.html',
    'app://kiosk/%2e%2e%2fsecret.js', 'app://kiosk/..%5csecret.js', 'app://kiosk/assets/link.js', 'app://kiosk', 'not a url',
  ]) {
    it(`refuses ${url}`, () => expect(appAssetFile(roots, url)).toBeUndefined());
  }
});

describe('screenRoots: where the stage\'s theme comes from', () => {
  const theme = JSON.parse(readFileSync(new URL('../assets/theme.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const installation = (files: Record<string, string>) => {
    const screens = join(tempDir(), 'screens');
    mkdirSync(join(screens, 'theme'), { recursive: true });
    writeFileSync(join(screens, 'theme', 'theme.json'), JSON.stringify(theme));
    writeFileSync(join(screens, 'theme', 'logo.svg'), '<svg/>');
    const data = tempDir();
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(data, 'theme'), { recursive: true });
      writeFileSync(join(data, 'theme', name), text);
    }
    return { screens, data };
  };
  const refusal = (files: Record<string, string>) => {
    const { screens, data } = installation(files);
    try {
      screenRoots(screens, data);
    } catch (e) {
      return failureLine(toFailure(e));
    }
    throw new Error('taken');
  };

  it('the one built with the screens, unless the data folder has its own theme.json', () => {
    const built = installation({});
    expect(screenRoots(built.screens, built.data).theme).toBe(join(built.screens, 'theme'));
    const own = installation({ 'theme.json': JSON.stringify({ ...theme, logo: 'city.png' }), 'city.png': 'png' });
    expect(screenRoots(own.screens, own.data).theme).toBe(join(own.data, 'theme'));
  });

  it('a broken theme stops the kiosk at start, naming the file and what is wrong', () => {
    expect(refusal({ 'theme.json': '{' })).toMatch(/theme\.json.*not readable JSON/);
    expect(refusal({ 'theme.json': JSON.stringify({ ...theme, logo: 'city.svg' }) })).toMatch(/theme\.json.*logo: city\.svg is not in the theme folder/);
    expect(refusal({ 'theme.json': JSON.stringify({ ...theme, logo: '../secret.svg' }) })).toMatch(/theme\.json.*logo/);
    const colours = { ...(theme.colours as object), accent: 'red; background: url(http://x)' };
    expect(refusal({ 'theme.json': JSON.stringify({ ...theme, colours }), 'logo.svg': '<svg/>' })).toMatch(/theme\.json.*colours\.accent/);
  });
});
