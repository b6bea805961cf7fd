// The OBS director: drives OBS Studio over obs-websocket v5 so the host never touches OBS
// during the ceremony. OBS failing never stops the draw: every call here may fail, and the
// director only reports it and catches up when OBS is back.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { OBSWebSocket, OBSWebSocketError } from 'obs-websocket-js';
import type { RecordingFact } from '../../draw-core/ceremony.ts';
import type { Phase } from '../../draw-core/ceremony.ts';
import type { ObsStatus } from './obs-status.ts';

export type { ObsStatus };

/** The ceremony's moments as OBS shows them, in the order the scenes are made. */
export const OBS_SCENES = ['opening', 'seed', 'reveal', 'closing'] as const;
export type ObsScene = (typeof OBS_SCENES)[number];

export interface ObsSettings {
  /** OBS 28+ default: ws://127.0.0.1:4455 */
  readonly url: string;
  readonly password?: string | undefined;
  /** Scene name for each moment. */
  readonly scenes: Readonly<Record<ObsScene, string>>;
  /** The stage page's URL, for OBS's browser source where OBS has one (setStageUrl when the tokens change). */
  readonly stageUrl?: string | undefined;
}

export const DEFAULT_SCENES: Readonly<Record<ObsScene, string>> = {
  opening: '摇号 · 开场 Opening', seed: '摇号 · 摇号 Seed', reveal: '摇号 · 揭晓 Reveal', closing: '摇号 · 结束 Closing',
};

/** What OBS should show now; applied on change and again after every reconnect. */
export interface ObsCue {
  readonly scene: ObsScene;
  readonly title: string;
  readonly period: string;
  readonly seed: string;
  readonly record: boolean;
}


const TEXT_INPUTS = { title: '摇号 · 标题 Title', period: '摇号 · 期号 Period', seed: '摇号 · 种子 Seed' } as const;
const STAGE_INPUT = '摇号 · 大屏 Stage';
/** The stage window's title (the Electron shell sets it), for a window capture where OBS has no browser source. */
export const STAGE_WINDOW_TITLE = '摇号大屏 / Stage';
/** obs-websocket close codes that no retry can mend: authentication failed, unsupported RPC version. */
const FATAL_CLOSE = new Set([4009, 4010]);
const MAX_BACKOFF_MS = 4000;

export class ObsDirector {
  readonly #settings: ObsSettings;
  #stageUrl: string;
  readonly #obs = new OBSWebSocket();
  readonly #listeners = new Set<(s: ObsStatus) => void>();
  #status: ObsStatus = { connection: 'disconnected', recording: false, streaming: false, prepared: false };
  #cue: ObsCue | undefined;
  #running = false;
  #backoff = 250;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #applying: Promise<void> = Promise.resolve();
  #lastDurationMs = 0;
  #recordStopped: ((path: string) => void) | undefined;

  constructor(settings: ObsSettings) {
    this.#settings = settings;
    this.#stageUrl = settings.stageUrl ?? '';
    this.#obs.on('ConnectionClosed', (e) => this.#closed(e));
    this.#obs.on('CurrentProgramSceneChanged', ({ sceneName }) => this.#update({ scene: sceneName }));
    this.#obs.on('RecordStateChanged', ({ outputActive, outputState, outputPath }) => {
      this.#update({ recording: outputActive });
      if (outputState === 'OBS_WEBSOCKET_OUTPUT_STOPPED') this.#recordStopped?.(outputPath);
    });
    this.#obs.on('StreamStateChanged', ({ outputActive }) => this.#update({ streaming: outputActive }));
  }

  get status(): ObsStatus {
    return this.#status;
  }

  onStatus(listener: (s: ObsStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    this.#running = true;
    void this.#connect();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#retry) clearTimeout(this.#retry);
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    await this.#obs.disconnect().catch(() => undefined);
  }

  /**
   * The stage page's new URL (its token rotated): the browser source is pointed at it now if
   * connected, else when the scenes are prepared again on reconnect; the old URL is shut out.
   */
  setStageUrl(url: string): void {
    this.#stageUrl = url;
    this.#enqueue(() => this.#pointStageSource());
  }

  /** Sets what OBS should show; applied now if connected, else on reconnect. */
  cue(cue: ObsCue): void {
    this.#cue = cue;
    this.#enqueue(() => this.#apply());
  }

  /** Creates the scenes, the stage source and the text sources, asking OBS which input kinds exist. */
  async prepare(): Promise<void> {
    const { inputKinds } = await this.#obs.call('GetInputKindList', { unversioned: false });
    const { scenes } = await this.#obs.call('GetSceneList');
    const { inputs } = await this.#obs.call('GetInputList');
    const haveScene = new Set(scenes.map((s) => String(s.sceneName)));
    const haveInput = new Set(inputs.map((i) => String(i.inputName)));
    const order = [...OBS_SCENES];
    for (const key of order) {
      const name = this.#settings.scenes[key];
      if (!haveScene.has(name)) await this.#obs.call('CreateScene', { sceneName: name });
    }
    // Best first: the stage page itself, else a capture of its window, else of its display.
    const stageKind = ['browser_source', 'xcomposite_input', 'window_capture', 'xshm_input', 'monitor_capture'].find((k) => inputKinds.includes(k));
    const textKind = inputKinds.find((k) => k.startsWith('text_ft2_source')) ?? inputKinds.find((k) => k.startsWith('text_gdiplus'));
    const font = { face: 'Noto Sans SC', size: 72, style: 'Bold', flags: 1 };
    const add = async (inputName: string, kind: string, settings: Record<string, unknown>, into: ObsScene[]) => {
      for (const key of into) {
        const sceneName = this.#settings.scenes[key];
        if (!haveInput.has(inputName)) {
          await this.#obs.call('CreateInput', { sceneName, inputName, inputKind: kind, inputSettings: settings as never });
          haveInput.add(inputName);
        } else {
          const { sceneItems } = await this.#obs.call('GetSceneItemList', { sceneName });
          if (!sceneItems.some((i) => i.sourceName === inputName)) await this.#obs.call('CreateSceneItem', { sceneName, sourceName: inputName });
        }
      }
    };
    if (stageKind) {
      const settings = stageKind === 'browser_source' ? { url: this.#stageUrl, width: 1920, height: 1080 }
        : stageKind === 'xcomposite_input' || stageKind === 'window_capture' ? { capture_window: STAGE_WINDOW_TITLE, window: STAGE_WINDOW_TITLE }
        : {};
      await add(STAGE_INPUT, stageKind, settings, order);
    }
    if (textKind) {
      await add(TEXT_INPUTS.title, textKind, { text: '', font }, order);
      await add(TEXT_INPUTS.period, textKind, { text: '', font: { ...font, size: 48, style: 'Regular', flags: 0 } }, order);
      await add(TEXT_INPUTS.seed, textKind, { text: '', font: { ...font, size: 120 } }, ['seed']);
    }
    const stageSource = stageKind === 'browser_source' ? 'browser' : stageKind === 'xshm_input' || stageKind === 'monitor_capture' ? 'display-capture' : stageKind ? 'window-capture' : 'none';
    this.#update({ prepared: true, stageSource });
    await this.#pointStageSource(); // a browser source made before the tokens last changed
    await this.#apply();
  }

  async #pointStageSource(): Promise<void> {
    if (this.#status.connection !== 'connected' || this.#status.stageSource !== 'browser') return;
    await this.#obs.call('SetInputSettings', { inputName: STAGE_INPUT, inputSettings: { url: this.#stageUrl } });
  }

  /**
   * Stops the recording and waits for OBS's record-stopped event (the file is complete only
   * then), and returns the file's path, size, duration and SHA-256.
   */
  async stopRecording(timeoutMs = 30_000): Promise<RecordingFact | undefined> {
    if (this.#cue) this.#cue = { ...this.#cue, record: false };
    if (this.#status.connection !== 'connected') return undefined;
    const status = await this.#obs.call('GetRecordStatus');
    if (!status.outputActive) return undefined;
    this.#lastDurationMs = status.outputDuration;
    const stopped = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('OBS did not report the recording stopped')), timeoutMs);
      this.#recordStopped = (path) => {
        clearTimeout(timer);
        resolve(path);
      };
    });
    const reply = await this.#obs.call('StopRecord');
    const path = (await stopped) || reply.outputPath;
    this.#recordStopped = undefined;
    return { path, bytes: statSync(path).size, durationMs: this.#lastDurationMs, sha256: await fileSha256(path) };
  }

  /** Resolves once every cue given so far has been applied (or failed). */
  settled(): Promise<void> {
    return this.#applying;
  }

  async setStreaming(on: boolean): Promise<void> {
    await this.#obs.call(on ? 'StartStream' : 'StopStream');
  }

  async #connect(): Promise<void> {
    if (!this.#running) return;
    this.#update({ connection: 'connecting' });
    try {
      const hello = await this.#obs.connect(this.#settings.url, this.#settings.password, { rpcVersion: 1 });
      this.#backoff = 250;
      this.#update({ connection: 'connected', reason: undefined, version: hello.obsWebSocketVersion });
      this.#heartbeat = setInterval(() => void this.#beat(), 1000);
      this.#heartbeat.unref?.();
      const [{ currentProgramSceneName }, record, stream] = await Promise.all([
        this.#obs.call('GetCurrentProgramScene'), this.#obs.call('GetRecordStatus'), this.#obs.call('GetStreamStatus')]);
      this.#update({ scene: currentProgramSceneName, recording: record.outputActive, streaming: stream.outputActive });
      if (this.#status.prepared) this.#enqueue(() => this.prepare());
      else this.#enqueue(() => this.#apply());
    } catch (e) {
      this.#closed(e);
    }
  }

  /** A cheap request every second: a dead socket is otherwise noticed late. */
  async #beat(): Promise<void> {
    try {
      const stats = await withTimeout(this.#obs.call('GetStats'), 2000);
      this.#update({ skippedFrames: stats.outputSkippedFrames + stats.renderSkippedFrames });
    } catch {
      await this.#obs.disconnect().catch(() => undefined);
      this.#closed(new Error('heartbeat'));
    }
  }

  #closed(e: unknown): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    const code = e instanceof OBSWebSocketError ? e.code : undefined;
    if (code !== undefined && FATAL_CLOSE.has(code)) {
      // Reported once; retrying would only hammer OBS with a password it refuses.
      this.#running = false;
      const reason = code === 4009 ? 'OBS 拒绝了密码 / OBS refused the password' : 'OBS 版本过旧，需要 obs-websocket v5（OBS 28+）/ OBS is too old: obs-websocket v5 (OBS 28+) is needed';
      this.#update({ connection: 'failed', reason });
      return;
    }
    if (this.#status.connection === 'failed') return;
    if (!this.#running) {
      this.#update({ connection: 'disconnected', reason: undefined });
      return;
    }
    const message = e instanceof Error ? e.message : String(e);
    this.#update({ connection: 'disconnected', reason: `OBS 未连接：${message} / OBS not connected: ${message}` });
    if (!this.#running || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.#connect();
    }, this.#backoff);
    this.#backoff = Math.min(this.#backoff * 2, MAX_BACKOFF_MS);
  }

  /** Brings OBS to the cue: program scene, texts, recording. Fails quietly when OBS is away. */
  async #apply(): Promise<void> {
    const cue = this.#cue;
    if (!cue || this.#status.connection !== 'connected') return;
    const texts: [string, string][] = [[TEXT_INPUTS.title, cue.title], [TEXT_INPUTS.period, cue.period], [TEXT_INPUTS.seed, cue.seed]];
    if (this.#status.prepared) {
      // The scene first: it is what the audience sees change.
      if (this.#status.scene !== this.#settings.scenes[cue.scene]) await this.#obs.call('SetCurrentProgramScene', { sceneName: this.#settings.scenes[cue.scene] });
      for (const [inputName, text] of texts) await this.#obs.call('SetInputSettings', { inputName, inputSettings: { text } }).catch(() => undefined);
    }
    const { outputActive } = await this.#obs.call('GetRecordStatus');
    if (cue.record && !outputActive) await this.#obs.call('StartRecord');
  }

  #enqueue(work: () => Promise<void>): void {
    this.#applying = this.#applying.then(work).catch(() => undefined);
  }

  #update(change: Partial<ObsStatus>): void {
    this.#status = { ...this.#status, ...change };
    for (const l of this.#listeners) l(this.#status);
  }
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref?.())]);
}

/** The cue for a ceremony's state. */
/** Which scene each phase of the ceremony is on air in: typed on the phase, so a new phase needs its scene here. */
export const PHASE_SCENES: Readonly<Record<Phase, ObsScene>> = {
  new: 'opening', created: 'opening', imported: 'opening',
  seeding: 'seed', 'seed-complete': 'seed', 'seed-confirmed': 'seed',
  computed: 'reveal',
  sealed: 'closing', closed: 'closing', aborted: 'closing',
};

export function cueFor(phase: Phase, title: string, period: string, seedDigits: string, recording: boolean): ObsCue {
  return { scene: PHASE_SCENES[phase], title, period, seed: seedDigits, record: recording };
}
