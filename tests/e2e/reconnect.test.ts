// The screens' client when the service goes away, in real Chromium against the browser kiosk:
// a call the connection drops under is answered with a failure in the mapper's words, and the
// console and the stage reconnect by themselves once the service is back, showing what the
// restarted service says (its view versions start again from 0).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeFailure } from '../../electron/contract/failures.ts';
import { launchBrowser } from '../support/browser.ts';
import { startBrowserMode, type BrowserMode } from '../support/browser-mode.ts';

let browser: Browser;
const hosts: BrowserMode[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const host of hosts) await host.stop();
});

async function open(url: string, width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  // Failed reconnection attempts are logged by Chromium itself; only the page's own errors count.
  page.on('pageerror', (e) => pageErrors.push(`${url}: ${e.message}`));
  await page.goto(url);
  return page;
}

it('a pending call fails as connection lost when the service dies; both pages come back by themselves when it restarts', async () => {
  const first = await startBrowserMode();
  hosts.push(first);
  const console_ = await open(first.consoleUrl, 1400, 1000);
  const stage = await open(first.stageUrl, 1920, 1080);
  const stagePhase = () => stage.locator('.stage-frame').getAttribute('data-phase');

  // A ceremony: the view has moved on from the service's first version, and the stage shows its phase.
  await console_.locator('input[name=period]').fill('test-1');
  await console_.locator('input[name=venue]').fill('会议室 / hall');
  await console_.locator('input[name=host-name]').fill('主持人 / host');
  await console_.locator('input[name=notary-name]').fill('公证员 / notary');
  await console_.getByRole('button', { name: '创建' }).click();
  await expect.poll(stagePhase).toBe('created');

  // Stopped, the service takes the next command but cannot answer it: the call is pending...
  first.child.kill('SIGSTOP');
  await console_.locator('input[name=package-path]').fill('/nowhere');
  await console_.getByRole('button', { name: '导入' }).click();
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await console_.getByRole('alert').count()).toBe(0);
  // ...until the service dies under it: then it fails, in the failure mapper's words.
  await first.kill();
  const lost = describeFailure({ kind: 'connection-lost' });
  const alert = console_.getByRole('alert');
  await expect.poll(() => alert.count()).toBe(1);
  expect(await alert.textContent()).toContain(lost.what.zh);
  expect(await alert.textContent()).toContain(lost.what.en);
  await expect.poll(() => console_.getByTestId('connection').textContent()).toMatch(/正在重新连接.*reconnecting/s);
  await expect.poll(() => stage.getByTestId('connection').count()).toBe(1);

  // Restarted on the same data folder (its port and tokens): both pages reconnect without a reload
  // and show the new service's view, though its version is lower. The rehearsal has no PIN, so
  // the service reopens it by itself, unlocked (tests/e2e/restart.test.ts: a real draw, locked).
  const second = await startBrowserMode(first.dataDir);
  hosts.push(second);
  expect(second.consoleUrl).toBe(first.consoleUrl);
  await expect.poll(() => console_.getByTestId('connection').count(), { timeout: 15_000 }).toBe(0);
  await expect.poll(() => stage.getByTestId('connection').count(), { timeout: 15_000 }).toBe(0);
  await expect.poll(stagePhase).toBe('created');
  expect(await console_.getByTestId('locked-ceremony').count()).toBe(0);

  // Commands go through again: the import is refused in the mapper's words, by the ceremony's service.
  await console_.getByRole('alert').getByRole('button').click();
  await console_.getByRole('button', { name: '导入' }).click();
  await expect.poll(() => console_.getByRole('alert').textContent()).toMatch(/package-missing/);
  expect(pageErrors).toEqual([]);
});

it('a stage page whose theme cannot be fetched (the service restarting as it loads) shows the stage once it can', async () => {
  const host = await startBrowserMode();
  hosts.push(host);
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.on('pageerror', (e) => pageErrors.push(`${host.stageUrl}: ${e.message}`));
  // The first two theme requests fail as a request to a service that is down fails.
  let refused = 0;
  await page.route('**/theme/theme.json', (route) => (refused++ < 2 ? route.abort('connectionrefused') : route.continue()));
  await page.goto(host.stageUrl);
  await expect.poll(() => page.locator('.stage-frame').getAttribute('data-phase'), { timeout: 15_000 }).toBe('new');
  expect(refused).toBeGreaterThan(2);
  expect(pageErrors).toEqual([]);
  await page.close();
});
