// npm run screenshots: the stage at 1920×1080 and 3840×2160 in each phase, and the console,
// from the real screens in Chromium; the announcement and the verifier as the public opens
// them from the bundle; into docs/screenshots/ (shown in the README).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchBrowser } from './support/browser.ts';
import { applicantCodes, startScenario } from './support/scenario.ts';

const out = fileURLToPath(new URL('../docs/screenshots', import.meta.url));
mkdirSync(out, { recursive: true });
const scenario = await startScenario([
  { id: 'personal', name: '个人普通小客车', entries: applicantCodes(2400), quota: 120, alternates: 20 },
  { id: 'company', name: '单位普通小客车', entries: applicantCodes(300, '46020'), quota: 12 },
  { id: 'nev', name: '个人新能源小客车', entries: applicantCodes(900, '46030'), quota: 60 },
]);
const browser = await launchBrowser();
const stages = [
  { name: '1080p', width: 1920, height: 1080, type: 'png' as const },
  { name: '4k', width: 3840, height: 2160, type: 'jpeg' as const },
].map((s) => ({ ...s, page: browser.newPage({ viewport: { width: s.width, height: s.height } }) }));
const consolePage = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await consolePage.goto(scenario.server.consoleUrl);
for (const s of stages) await (await s.page).goto(scenario.server.stageUrl);

const phases = [['opening', undefined], ['pools', 'imported'], ['balls', 'seeding'], ['seed', 'seed-confirmed'], ['reveal', 'reveal'], ['summary', 'closed']] as const;
for (const [name, to] of phases) {
  if (to) await scenario.step(to);
  await new Promise((resolve) => setTimeout(resolve, 1600)); // animations settle
  for (const s of stages) {
    await (await s.page).screenshot({ path: join(out, `stage-${name}-${s.name}.${s.type === 'png' ? 'png' : 'jpg'}`), type: s.type, ...(s.type === 'jpeg' ? { quality: 82 } : {}) });
  }
  if (name === 'pools' || name === 'balls' || name === 'reveal') await consolePage.screenshot({ path: join(out, `console-${name}.png`), fullPage: true });
  console.log(`screenshots: ${name}`);
}
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
