// The stage in every phase it shows, for the layout test and the screenshots: views captured
// from real ceremonies run through the kiosk's service in process (a rehearsal with 8 pools,
// one with 1 pool, a real draw with the notary's PIN), with the longest real text (titles of 60
// characters, codes of 18, long and hostile pool names) and quotas up to 10,000. The page is
// then fed each captured view through a stand-in for the Electron preload's `window.kioskIpc`:
// the service is not the subject here (the layout is), and the stand-in lets every view be shown
// exactly as it was, even ones that pass in a moment (a bundle being written, an alarm).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Outcome } from '../../electron/contract/failures.ts';
import type { CommandName, KioskCommands, KioskView, RevealPage } from '../../electron/contract/kiosk-api.ts';
import { revealPages } from '../../electron/contract/reveal.ts';
import { unwrap } from '../../electron/node/failure.ts';
import { realDevices } from '../../electron/service/devices.ts';
import { KioskService } from '../../electron/service/kiosk-service.ts';
import { NAMES } from './ceremony-names.ts';
import { tempDir, writePackage, type TestPool } from './packages.ts';
import { SCREENS } from './scenario.ts';

export interface StageFixture {
  /** Names the screen: in test names, failures and screenshot file names. */
  readonly name: string;
  readonly view: KioskView;
  /** The reveal page the view is at, as `revealPage` answered it then. */
  readonly page?: RevealPage | undefined;
}

export const STAGE_SIZES = [
  { name: '1080p', width: 1920, height: 1080 },
  { name: '4k', width: 3840, height: 2160 },
] as const;
export type StageSize = (typeof STAGE_SIZES)[number];

/** The longest title the stage must take, in each script: 60 characters. */
export const LONG_TITLES = {
  zh: '海口市二〇二六年第二期小客车增量指标配置个人普通指标、单位普通指标及新能源指标公开摇号仪式暨公证现场直播（海口市公证处）',
  en: 'Haikou 2026 period 2 passenger-car quota allotment: the draw',
  mixed: '海口市 2026 年第 2 期小客车增量指标配置 Passenger-car quota lottery (live).',
} as const;
for (const [script, title] of Object.entries(LONG_TITLES)) {
  if ([...title].length !== 60) throw new Error(`the ${script} title has ${[...title].length} characters, not 60`);
}

const PERIOD = '2026-02';
const PIN = '246813';
const BALLS = '048213';

/** `n` ascending codes of 18 characters (the longest real ones), weights 1 or 2. */
function codes18(n: number, prefix: string): [string, number][] {
  return Array.from({ length: n }, (_, i) => [`${prefix}${String(1_000_000 + i * 7).padStart(18 - prefix.length, '0')}`, 1 + (i % 5 === 0 ? 1 : 0)]);
}

/** 8 pools: long names (one with a bidi override, shown as its code point), quotas from 1 to 10,000, with and without alternates. */
const EIGHT_POOLS: TestPool[] = [
  { id: 'personal', name: '个人普通小客车增量指标（含家庭积分排序）', entries: codes18(12_000, '4601'), quota: 10_000, alternates: 300 },
  { id: 'company', name: '单位普通小客车增量指标 Company quota', entries: codes18(400, '4602'), quota: 10, alternates: 30 },
  { id: 'nev', name: '个人新能源小客车增量指标', entries: codes18(900, '4603'), quota: 60 },
  { id: 'nev-company', name: '单位新能源小客车增量指标', entries: codes18(80, '4604'), quota: 8, alternates: 2 },
  { id: 'hostile', name: '个人普通\u202E指标（更新）\u202C', entries: codes18(50, '4605'), quota: 1 },
  { id: 'taxi', name: '巡游出租汽车经营权指标', entries: codes18(120, '4606'), quota: 24, alternates: 6 },
  { id: 'rural', name: '乡村振兴专项小客车指标 Rural revitalization', entries: codes18(60, '4607'), quota: 5 },
  { id: 'disabled', name: '残疾人专用小客车指标', entries: codes18(30, '4608'), quota: 3, alternates: 3 },
];

const ONE_POOL: TestPool[] = [{ id: 'personal', name: '个人普通小客车增量指标', entries: codes18(12, '4601'), quota: 1, alternates: 1 }];

type Call = <C extends CommandName>(command: C, args: KioskCommands[C]['args']) => Promise<KioskCommands[C]['result']>;

/** A kiosk on its own data folder; `capture` records the view (and the reveal page it is at) as a fixture. */
function kiosk(dataDir: string, fixtures: StageFixture[], prefix: string) {
  const host = new KioskService(realDevices(dataDir));
  const call: Call = async (command, args) => unwrap(await host.call(command, args));
  const capture = async (name: string, view = host.view()) => {
    const at = view.ceremony?.state.reveal;
    const page = at && !view.ceremony!.locked ? await call('revealPage', at) : undefined;
    fixtures.push({ name: `${prefix}-${name}`, view, page });
  };
  return { host, call, capture };
}

function packageOf(pools: TestPool[], title: string): string {
  return writePackage(pools, {
    balls: BALLS.length,
    manifest: (m) => {
      m.title = title;
      m.period = PERIOD;
    },
  });
}

/** Waits for the view to show `check`; how long it takes is never the point. */
async function until(host: KioskService, check: (view: KioskView) => boolean): Promise<KioskView> {
  const end = Date.now() + 30_000;
  for (;;) {
    const view = host.view();
    if (check(view)) return view;
    if (Date.now() > end) throw new Error(`timed out; the state: ${JSON.stringify(view.ceremony?.state)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The rehearsal with 8 pools, through every phase: the holding slate, the package, balls by hand,
 * a voided ball, an alarm from the simulator, the seed, the results, the reveal's pages (winners,
 * alternates, the last), the bundle being written, sealed, closed.
 */
async function eightPools(fixtures: StageFixture[]): Promise<void> {
  const { host, call, capture } = kiosk(tempDir('stage-fixture-8-'), fixtures, 'rehearsal');
  try {
    await capture('holding');
    await call('createCeremony', { period: PERIOD, kind: 'quota-allocation', rehearsal: true, ...NAMES });
    await capture('created');
    await call('importPackage', { path: packageOf(EIGHT_POOLS, LONG_TITLES.zh) });
    await capture('imported');
    await call('confirmSealDigest', {});
    for (const d of BALLS.slice(0, 3)) await call('enterManualBall', { hostDigit: d, notaryDigit: d });
    await capture('seeding');
    await call('voidLastBall', { reason: '球卡在出球口，公证员要求重摇 / the ball stuck in the chute: drawn again at the notary\'s request' });
    await capture('voided');
    await call('enterManualBall', { hostDigit: BALLS[2]!, notaryDigit: BALLS[2]! });
    // The simulator's conflict fault: ball 5 read as one digit, then as another; the draw halts.
    await call('useVirtualMachine', { balls: BALLS, intervalMs: 20, faults: ['conflict'] });
    await capture('alarm', await until(host, (v) => v.ceremony!.state.alarm !== undefined));
    await call('resolveAlarm', { decision: 'manual' });
    const { balls } = host.view().ceremony!.state;
    for (const d of BALLS.slice(balls.length)) await call('enterManualBall', { hostDigit: d, notaryDigit: d });
    await capture('seed-complete');
    await call('confirmSeed', {});
    await capture('seed-confirmed');
    await call('computeResults', {});
    await capture('computed');
    await call('revealTo', { pool: 0, page: 0 });
    await capture('reveal-winners');
    // Pool 2 (company): 10 winners then 30 alternates: its first page is mixed, its second alternates only.
    await call('revealTo', { pool: 1, page: 0 });
    await capture('reveal-mixed');
    await call('revealTo', { pool: 1, page: 1 });
    await capture('reveal-alternates');
    await call('revealTo', { pool: 7, page: revealPages(host.view().ceremony!.state.results!, 7, host.view().pageSize) - 1 });
    await capture('reveal-last');
    const bundleDir = join(tempDir('stage-fixture-bundle-'), 'bundle');
    host.allowBundleFolder(dirname(bundleDir));
    // The bundle being written passes in a moment (a small one shows only its steps' edges): the
    // last view of the writing step is kept, every file written and the read-back next.
    const writing: KioskView[] = [];
    const stop = host.subscribe((v) => v.bundleWrite?.step === 'writing' && writing.push(v));
    await call('writeBundle', { target: bundleDir });
    stop();
    const sealing = writing.at(-1);
    if (!sealing) throw new Error('no view showed the bundle being written');
    await capture('sealing', sealing);
    await capture('sealed');
    await call('closeCeremony', {});
    await capture('closed');
  } finally {
    await host.dispose();
  }
}

/** A rehearsal of 1 pool and a quota of 1, with a Latin title, aborted during its reveal. */
async function onePool(fixtures: StageFixture[]): Promise<void> {
  const { host, call, capture } = kiosk(tempDir('stage-fixture-1-'), fixtures, 'one-pool');
  try {
    await call('createCeremony', { period: PERIOD, kind: 'quota-allocation', rehearsal: true, ...NAMES });
    await call('importPackage', { path: packageOf(ONE_POOL, LONG_TITLES.en) });
    await capture('imported');
    await call('confirmSealDigest', {});
    for (const d of BALLS) await call('enterManualBall', { hostDigit: d, notaryDigit: d });
    await call('confirmSeed', {});
    await call('computeResults', {});
    await call('revealTo', { pool: 0, page: 0 });
    await capture('reveal');
    await call('abortCeremony', { reason: '场内停电，仪式中止，另行公告重新摇号 / a power cut in the hall: the draw is aborted and will be held again' });
    await capture('aborted');
  } finally {
    await host.dispose();
  }
}

/** A real draw (the notary's PIN), 8 pools and a mixed title, reopened locked after the kiosk stopped mid-reveal. */
async function realDraw(fixtures: StageFixture[]): Promise<void> {
  const dataDir = tempDir('stage-fixture-real-');
  const first = kiosk(dataDir, fixtures, 'real');
  try {
    const { host, call, capture } = first;
    await call('createCeremony', { period: PERIOD, kind: 'quota-allocation', rehearsal: false, ...NAMES, notaryPin: PIN });
    await capture('created');
    await call('importPackage', { path: packageOf(EIGHT_POOLS, LONG_TITLES.mixed) });
    await call('confirmSealDigest', { pin: PIN });
    for (const d of BALLS.slice(0, 4)) await call('enterManualBall', { hostDigit: d, notaryDigit: d, pin: PIN });
    await capture('seeding');
    for (const d of BALLS.slice(4)) await call('enterManualBall', { hostDigit: d, notaryDigit: d, pin: PIN });
    await call('confirmSeed', { pin: PIN });
    await call('computeResults', {});
    // The last page of the 10,000 winners and 300 alternates: ranks in the ten thousands.
    const lastPage = revealPages(host.view().ceremony!.state.results!, 0, host.view().pageSize) - 1;
    await call('revealTo', { pool: 0, page: lastPage });
    await capture('reveal-last-alternates');
  } finally {
    await first.host.dispose();
  }
  // The kiosk starts again on the same data folder: the ceremony reopens by itself, locked until the PIN.
  const again = kiosk(dataDir, fixtures, 'real');
  try {
    await again.capture('locked');
  } finally {
    await again.host.dispose();
  }
}

/** Every fixture, from real ceremonies (some seconds: three ceremonies, one bundle written). */
export async function stageFixtures(): Promise<StageFixture[]> {
  const fixtures: StageFixture[] = [];
  await eightPools(fixtures);
  await onePool(fixtures);
  await realDraw(fixtures);
  return fixtures;
}

/**
 * The built stage (dist/renderer/stage.html) at `size`, showing `fixture`: the files are served
 * from dist by Playwright's routing on a made-up origin (module scripts do not load from file:),
 * and `window.kioskIpc` is defined before the page's scripts run, so the stage takes it as
 * Electron's and never opens a socket. It answers `revealPage` with the page captured with the
 * view, and refuses anything else as the stage's token would. Resolves once the view and its
 * reveal page are rendered and settled.
 */
export async function openStage(browser: Browser, fixture: StageFixture, size: StageSize, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
  page.on('console', (m) => m.type() === 'error' && errors.push(`${fixture.name} ${size.name}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${fixture.name} ${size.name}: ${e.message}`));
  const origin = 'http://stage.fixture';
  await page.route(`${origin}/**`, (route) => {
    const file = join(SCREENS, new URL(route.request().url()).pathname);
    // A file missing from dist is the page's error (a 404 it reports), not the test runner's.
    return existsSync(file) ? route.fulfill({ path: file }) : route.fulfill({ status: 404 });
  });
  const forbidden: Outcome<never> = { ok: false, failure: { kind: 'forbidden' } };
  // Page code, as a string: the tests are type-checked without the DOM's types.
  await page.addInitScript(`(() => {
    const view = ${JSON.stringify(fixture.view)};
    const revealPage = ${JSON.stringify(fixture.page ?? null)};
    const state = { answered: 0 };
    window.__stageFixture = state;
    window.kioskIpc = {
      call: async (command, args) => {
        if (command !== 'revealPage') return ${JSON.stringify(forbidden)};
        state.answered++;
        return revealPage && revealPage.pool === args.pool && revealPage.page === args.page
          ? { ok: true, value: revealPage }
          : { ok: false, failure: { kind: 'reveal-range', pool: args.pool, page: args.page } };
      },
      onView: (listener) => setTimeout(() => listener(view)),
    };
  })();`);
  await page.goto(`${origin}/stage.html`);
  await page.locator(`[data-phase="${fixture.view.ceremony?.state.phase ?? 'new'}"]`).first().waitFor();
  if (fixture.page) await page.waitForFunction('window.__stageFixture.answered > 0');
  await settle(page);
  return page;
}

/**
 * The picture as it stands once everything has arrived: fonts loaded, the layout fitted (text
 * shrunk to its box after the fonts), every animation at its end.
 */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(`(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    await document.fonts.ready;
    for (let i = 0; i < 3; i++) await frame();
    for (const a of document.getAnimations()) {
      // One that never ends (a pulse) cannot finish: the picture without it is the one measured.
      try { a.finish(); } catch { a.cancel(); }
    }
    await document.fonts.ready;
    for (let i = 0; i < 2; i++) await frame();
  })()`);
}
