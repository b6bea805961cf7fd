// OBS for the livestream and the recording, against a real OBS Studio under Xvfb: scenes
// prepared, the program scene and texts following the ceremony (read back), the recording's
// digest journaled and in the bundle; OBS killed and restarted; a wrong password.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OBSWebSocket } from 'obs-websocket-js';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCENES, ObsDirector, type ObsStatus } from '../hardware/obs/director.ts';
import { unwrap } from '../electron/node/failure.ts';
import { lastRevealPage } from './support/reveal-end.ts';
import { KioskService } from '../electron/service/kiosk-service.ts';
import { realDevices } from '../electron/service/devices.ts';
import { parseJournalLines } from '../draw-core/bundle-check.ts';
import { draw } from './support/cli.ts';
import { realObs, type RealObs } from './support/obs.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';
import { sleep } from './support/pty-pair.ts';
import { NAMES } from './support/ceremony-names.ts';

const DRAW = fileURLToPath(new URL('../electron/cli/draw.ts', import.meta.url));
const running: RealObs[] = [];
afterEach(async () => {
  for (const o of running.splice(0)) await o.kill();
});

async function startObs(): Promise<RealObs> {
  const obs = realObs();
  running.push(obs);
  await obs.start();
  return obs;
}

/** A second client watching OBS, as a person at the OBS screen would. */
async function observer(obs: RealObs) {
  const client = new OBSWebSocket();
  await client.connect(obs.url, obs.password);
  const scenes: string[] = [];
  client.on('CurrentProgramSceneChanged', ({ sceneName }) => scenes.push(sceneName));
  return { client, scenes };
}

function ceremony(obs: RealObs, dir: string, interval: number) {
  const pkg = writePackage([{ id: 'P', name: '个人普通', entries: simpleEntries(40), quota: 5 }], { balls: 6 });
  const child = spawn(process.execPath, [DRAW, 'ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', join(dir, 'bundle'),
    '--rehearsal', '--auto-confirm', '--balls-from', `simulate:048213@${interval}`, '--obs', obs.url, '--obs-password', obs.password], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, done, output: () => stderr };
}

describe('OBS during a ceremony', () => {
  it('prepares the scenes, follows the phases with scene and texts, and puts the recording in the journal and the bundle', async () => {
    const obs = await startObs();
    const watch = await observer(obs);
    const dir = tempDir();
    const r = await ceremony(obs, dir, 500).done;
    expect(r.code, r.stderr).toBe(0);
    // OBS changes the program scene through its transition: read back until it has.
    for (let i = 0; i < 50 && (await watch.client.call('GetCurrentProgramScene')).currentProgramSceneName !== DEFAULT_SCENES.closing; i++) await sleep(100);
    expect((await watch.client.call('GetCurrentProgramScene')).currentProgramSceneName).toBe(DEFAULT_SCENES.closing);
    const { scenes } = await watch.client.call('GetSceneList');
    const names = scenes.map((s) => s.sceneName);
    for (const name of Object.values(DEFAULT_SCENES)) expect(names).toContain(name);
    const seen = watch.scenes.filter((s, i) => s !== watch.scenes[i - 1]);
    const order = [DEFAULT_SCENES.seed, DEFAULT_SCENES.reveal].map((s) => seen.indexOf(s)); // then closing, read back above
    expect(order.every((i) => i >= 0), seen.join(' > ')).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const seedText = await watch.client.call('GetInputSettings', { inputName: '摇号 · 种子 Seed' });
    expect(seedText.inputSettings.text).toBe('0 4 8 2 1 3');
    await watch.client.disconnect();

    const records = parseJournalLines(readFileSync(join(dir, 'bundle', 'journal.jsonl'), 'utf8')) as unknown as { type: string; data: { path: string; sha256: string; bytes: number; durationMs: number } }[];
    const recording = records.find((x) => x.type === 'recording-finished')!.data;
    expect(recording.sha256).toBe(createHash('sha256').update(readFileSync(recording.path)).digest('hex'));
    expect(recording.bytes).toBe(readFileSync(recording.path).length);
    const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=nw=1:nk=1', recording.path], { encoding: 'utf8' });
    expect(Number(probe.stdout)).toBeGreaterThan(1);
    expect(readFileSync(join(dir, 'bundle', 'README.txt'), 'utf8')).toContain(recording.sha256);
    expect(draw('verify', join(dir, 'bundle')).stdout).toMatch(/(^|\n)verified\n$/);
  }, 90_000);

  it('OBS killed mid-ceremony: the ceremony goes on; OBS back: reconnected and the scene resynced by itself', async () => {
    const obs = await startObs();
    const dir = tempDir();
    const c = ceremony(obs, dir, 2500);
    while (!/ball 2: 4/.test(c.output())) await sleep(50);
    await obs.kill();
    await obs.start();
    const watch = await observer(obs);
    // Behaviour, not speed: the director comes back by itself (its retry waits at most 4 s) and
    // puts the phase's scene on air again; a loaded CI machine may take longer than that.
    let scene = '';
    const back = performance.now();
    while (scene !== DEFAULT_SCENES.seed && performance.now() - back < 60_000) {
      scene = (await watch.client.call('GetCurrentProgramScene')).currentProgramSceneName;
      await sleep(100);
    }
    expect(scene).toBe(DEFAULT_SCENES.seed);
    await watch.client.disconnect();
    const r = await c.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/OBS: disconnected/);
    expect(r.stdout).toContain('种子 / seed: 048213');
  }, 90_000);

  it('from the console\'s API: connect, prepare, and the recording is finished before the bundle is written', async () => {
    const obs = await startObs();
    const host = new KioskService(realDevices(tempDir('kiosk-obs-')));
    const pkg = writePackage([{ id: 'P', entries: simpleEntries(10), quota: 2 }], { balls: 3 });
    unwrap(await host.call('createCeremony', { period: 'test-1', kind: 'quota-allocation', rehearsal: true, ...NAMES }));
    unwrap(await host.call('connectObs', { url: obs.url, password: obs.password }));
    while (host.view().obs?.connection !== 'connected' || !host.view().obs?.prepared) await sleep(50);
    unwrap(await host.call('prepareObs', {}));
    unwrap(await host.call('importPackage', { path: pkg }));
    unwrap(await host.call('confirmSealDigest', {}));
    while (!host.view().obs?.recording) await sleep(50);
    for (const d of '123') unwrap(await host.call('enterManualBall', { hostDigit: d, notaryDigit: d }));
    unwrap(await host.call('confirmSeed', {}));
    unwrap(await host.call('computeResults', {}));
    unwrap(await host.call('revealTo', lastRevealPage(host.view())));
    await sleep(1500);
    const bundle = join(tempDir(), 'bundle');
    host.allowBundleFolder(dirname(bundle)); // as the host's choice in the shell's folder dialog
    unwrap(await host.call('writeBundle', { target: bundle }));
    const state = host.view().ceremony!.state;
    expect(state.recordings).toHaveLength(1);
    expect(host.view().obs?.recording).toBe(false);
    expect(readFileSync(join(bundle, 'journal.jsonl'), 'utf8')).toContain(state.recordings[0]!.sha256);
    expect(host.view().obs?.stageSource).toBe('display-capture'); // Debian's OBS under Xvfb: no browser source, no window capture
    await host.dispose();
  }, 90_000);

  it('a wrong password: one clear error, no reconnect loop', async () => {
    const obs = await startObs();
    const director = new ObsDirector({ url: obs.url, password: 'wrong-password', scenes: DEFAULT_SCENES });
    const seen: ObsStatus['connection'][] = [];
    director.onStatus((s) => seen.push(s.connection));
    director.start();
    await sleep(4000);
    await director.stop();
    expect(seen.filter((s) => s === 'connecting')).toHaveLength(1);
    expect(director.status.connection).toBe('failed');
    expect(director.status.reason).toMatch(/OBS refused the password/);
  }, 60_000);
});
