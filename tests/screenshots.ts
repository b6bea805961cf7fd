// npm run screenshots: the stage at 1920×1080 and 3840×2160 in each phase (the views of real
// ceremonies in tests/support/stage-fixtures.ts, fed to the built stage page), and the console,
// from the real screens in Chromium; the announcement and the verifier as the public opens
// them from the bundle; into docs/screenshots/ (shown in the README).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchBrowser } from './support/browser.ts';
import { applicantCodes, startScenario } from './support/scenario.ts';
import { openStage, STAGE_SIZES, stageFixtures } from './support/stage-fixtures.ts';

const out = fileURLToPath(new URL('../docs/screenshots', import.meta.url));
mkdirSync(out, { recursive: true });
const scenario = await startScenario([
  { id: 'personal', name: '个人普通小客车', entries: applicantCodes(2400), quota: 120, alternates: 20 },
  { id: 'company', name: '单位普通小客车', entries: applicantCodes(300, '46020'), quota: 12 },
  { id: 'nev', name: '个人新能源小客车', entries: applicantCodes(900, '46030'), quota: 60 },
]);
const browser = await launchBrowser();

/**
 * The stage's phases in the README's gallery, by fixture. JPEG: the stage's backdrop is a
 * gradient, which PNG keeps at some 1 MB a frame at 1080p and 3 MB at 4K, and a livestream shows
 * the picture through lossy compression anyway (what survives it is the point).
 */
const GALLERY: readonly [fixture: string, phase: string][] = [
  ['rehearsal-holding', 'Before the ceremony: the holding slate'],
  ['rehearsal-created', 'Ceremony created (title, period, venue)'],
  ['one-pool-imported', 'Package check, 1 pool (a 60-character Latin title)'],
  ['rehearsal-imported', 'Package check, 8 pools: the seal digest'],
  ['rehearsal-seeding', 'The draw: balls arriving'],
  ['rehearsal-voided', 'A voided ball, with the reason'],
  ['rehearsal-alarm', 'An alarm: the draw halted for a check'],
  ['rehearsal-seed-complete', 'Seed complete: the notary checks it'],
  ['rehearsal-seed-confirmed', 'Seed confirmed'],
  ['rehearsal-computed', 'Results computed, before the reveal'],
  ['rehearsal-reveal-winners', 'Reveal: winners (quota 10,000, 18-character codes)'],
  ['rehearsal-reveal-mixed', 'Reveal: winners, then the alternates section'],
  ['rehearsal-reveal-alternates', 'Reveal: alternates'],
  ['rehearsal-reveal-last', 'Reveal: the last page of the last pool'],
  ['rehearsal-sealing', 'Sealing: the bundle being written to the stick'],
  ['rehearsal-sealed', 'Sealed: the evidence digest'],
  ['rehearsal-closed', 'Closed'],
  ['one-pool-aborted', 'Aborted, with the reason'],
  ['real-seeding', 'A real draw (no watermark): the draw'],
  ['real-reveal-last-alternates', 'A real draw: ranks past 10,000'],
  ['real-locked', 'A real draw reopened after a restart, locked'],
];
const QUALITY = { '1080p': 85, '4k': 80 } as const;
for (const old of readdirSync(out).filter((f) => /^stage-/.test(f))) rmSync(join(out, old));
const fixtures = await stageFixtures();
const errors: string[] = [];
const gallery = ['| Phase | 1920×1080 | 3840×2160 |', '| --- | --- | --- |'];
for (const [name, phase] of GALLERY) {
  const fixture = fixtures.find((f) => f.name === name);
  if (!fixture) throw new Error(`no stage fixture ${name}`);
  const file = (size: string) => `stage-${name}-${size}.jpg`;
  for (const size of STAGE_SIZES) {
    const page = await openStage(browser, fixture, size, errors);
    await page.screenshot({ path: join(out, file(size.name)), type: 'jpeg', quality: QUALITY[size.name] });
    await page.close();
  }
  gallery.push(`| ${phase} | [![${phase}](docs/screenshots/${file('1080p')})](docs/screenshots/${file('1080p')}) | [4K](docs/screenshots/${file('4k')}) |`);
  console.log(`screenshots: stage ${name}`);
}
if (errors.length) throw new Error(`the stage's pages reported errors:\n${errors.join('\n')}`);
// The README's gallery, to paste when the phases change.
console.log(gallery.join('\n'));

// The console, on a rehearsal driven through the kiosk's API.
const consolePage = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await consolePage.goto(scenario.server.consoleUrl);
for (const [name, to] of [['pools', 'imported'], ['balls', 'seeding'], ['reveal', 'reveal']] as const) {
  await scenario.step(to);
  await new Promise((resolve) => setTimeout(resolve, 1600)); // animations settle
  await consolePage.screenshot({ path: join(out, `console-${name}.png`), fullPage: true });
  console.log(`screenshots: console ${name}`);
}
await scenario.step('closed');
// What the public opens from the bundle: the announcement (a lookup answered) and the verifier.
const publicPage = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
await publicPage.goto(pathToFileURL(join(scenario.bundleDir, 'announcement.html')).href);
const firstWinner = readFileSync(join(scenario.bundleDir, 'results', 'personal.csv'), 'utf8').split('\n')[1]!.split(',')[1]!;
await publicPage.locator('input').first().fill(firstWinner);
await publicPage.screenshot({ path: join(out, 'announcement.png') });
await publicPage.goto(pathToFileURL(join(scenario.bundleDir, 'verify', 'verify.html')).href);
await publicPage.locator('input[type=file][webkitdirectory]').setInputFiles(scenario.bundleDir);
await publicPage.getByText(/^✓ Verified/).waitFor();
await publicPage.screenshot({ path: join(out, 'verify-page.png') });
await browser.close();
// The signed report's pages, as pdftoppm renders them (report-page-1.png, and -2... if it has more).
for (const old of readdirSync(out).filter((f) => /^report-page-\d+\.png$/.test(f))) rmSync(join(out, old));
spawnSync('pdftoppm', ['-png', '-r', '100', join(scenario.bundleDir, 'report.pdf'), join(out, 'report-page')]);
await scenario.close();
