// OBS's state as the director reports it and the console shows it: types only, no Node, so the
// screens' contract (electron/contract/kiosk-api.ts) can carry it.
/** OBS as its director sees it (the screens show exactly this). */
export interface ObsStatus {
  readonly connection: 'connecting' | 'connected' | 'disconnected' | 'failed';
  /** Why it is not connected, in Chinese and English. */
  readonly reason?: string | undefined;
  readonly version?: string | undefined;
  readonly scene?: string | undefined;
  readonly recording: boolean;
  readonly streaming: boolean;
  readonly skippedFrames?: number | undefined;
  readonly prepared: boolean;
  readonly stageSource?: 'browser' | 'window-capture' | 'display-capture' | 'none' | undefined;
}
