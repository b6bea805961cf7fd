// The one typed API between the kiosk's service and its screens (console and stage), over
// Electron IPC or a loopback WebSocket alike. Types only, plus the command names: both
// sides import it, so a screen can never send what the service does not take. Every command
// answers with an Outcome (./failures.ts): its result, or a typed failure.
import type { AlarmDecision, CeremonyKind, CeremonyState, Phase } from '../../draw-core/ceremony.ts';
import type { ObsStatus } from '../../hardware/obs/obs-status.ts';
import type { Failure, Outcome } from './failures.ts';

export type { ObsStatus };

export type Lang = 'zh' | 'en';

/** What a screen may do: the console issues commands, the stage only reads (its token, its window). */
export type Capability = 'console' | 'stage';

export interface MachineView {
  readonly source: 'serial' | 'virtual';
  readonly port: string;
  readonly link: 'connecting' | 'up' | 'silent' | 'down';
  readonly linkReason?: string | undefined;
  readonly identity?: { readonly vendor: string; readonly model: string; readonly serial: string; readonly firmware: string } | undefined;
  readonly state?: string | undefined;
  readonly discarded: number;
}

export interface IgnoredReading {
  readonly time: string;
  readonly reading: string;
  readonly verdict: string;
}

/** Everything the screens render; pushed whole after every change. */
export interface KioskView {
  /** Bumped on every change, so a screen can tell a fresh view from a stale one. */
  readonly version: number;
  readonly ceremony?: {
    readonly dir: string;
    readonly state: CeremonyState;
    /** The last journal record's hash: shown (a short prefix) on every stage screen, so the recording witnesses it. */
    readonly journalHead: string;
    /**
     * Reopened by itself after the service restarted: shown to every screen as it was, but no
     * command goes on until the notary's PIN resumes it (resumeCeremony).
     */
    readonly locked: boolean;
    /** When the current phase began (the journal time of the record that entered it), ISO 8601 UTC. */
    readonly phaseSince: string;
    /** The reveal's last page has been on the stage: the bundle may be written (it ends the reveal). */
    readonly revealFinished: boolean;
    /** When each bundle was sealed (its journal time, ISO 8601 UTC), by name: the time the notary writes on the report. */
    readonly sealedAt: Readonly<Record<string, string>>;
  } | undefined;
  /** The automatic reveal: pages turn every `intervalMs` while `running`; kept by the service, so a reload keeps it. */
  readonly revealPace?: { readonly intervalMs: number; readonly running: boolean } | undefined;
  /** The bundle being written to the stick, while it is written and read back. */
  readonly bundleWrite?: BundleWriteProgress | undefined;
  readonly machine?: MachineView | undefined;
  readonly ignored: readonly IgnoredReading[];
  /** Winners and alternates per reveal page. */
  readonly pageSize: number;
  /** OBS as the director sees it; absent until connected from the console. */
  readonly obs?: ObsStatus | undefined;
  /** What software runs (the console's About): version and code digest. */
  readonly software: { readonly name: string; readonly version: string; readonly codeDigest: string };
  /** The stage page's URL on loopback (with the stage's read-only token): for OBS's browser source, and after the tokens are rotated. */
  readonly stageUrl?: string | undefined;
  /** Which display the stage is on, as the shell reports it. */
  readonly displays: readonly { readonly id: string; readonly label: string; readonly stage: boolean }[];
}

export interface BundleWriteProgress {
  readonly target: string;
  /** Writing the files, then reading every one back from the stick. */
  readonly step: 'writing' | 'reading-back';
  readonly filesDone: number;
  readonly files: number;
  readonly bytesDone: number;
  readonly bytes: number;
}

export interface RevealPage {
  readonly pool: number;
  readonly page: number;
  readonly pages: number;
  readonly rows: readonly { readonly rank: number; readonly code: string; readonly status: 'winner' | 'alternate' }[];
}

/** Every command: its arguments and its result (`void`: the command answers only by the next view). */
/* eslint-disable @typescript-eslint/no-invalid-void-type -- void results are the handlers' own return type */
export interface KioskCommands {
  /**
   * Venue, host and notary are the names printed on the report the host and the notary sign;
   * scheduledStart (ISO 8601 with its offset, e.g. 2026-11-26T10:00+08:00) is what the stage counts down to.
   */
  createCeremony: {
    args: { period: string; kind: CeremonyKind; rehearsal: boolean; venue: string; hostName: string; notaryName: string; scheduledStart?: string | undefined; notaryPin?: string | undefined };
    result: void;
  };
  /** A ceremony with a notary PIN is opened read-only until the PIN is given: the journal's MACs are checked with it. */
  resumeCeremony: { args: { dir: string; pin?: string | undefined }; result: void };
  listCeremonies: { args: Record<string, never>; result: { dir: string; period: string; phase: Phase; rehearsal: boolean; title?: string | undefined }[] };
  /** A folder or .zip on this PC, or a .zip the browser posted to /upload (its upload id). */
  importPackage: { args: { path: string } | { upload: string }; result: void };
  confirmSealDigest: { args: { pin?: string | undefined }; result: void };
  listPorts: { args: Record<string, never>; result: { ports: { path: string; manufacturer?: string | undefined; serialNumber?: string | undefined }[] } };
  /** In a real draw the notary confirms the ball source with the PIN. */
  useSerialMachine: { args: { path: string; baudRate: number; dataBits: 5 | 6 | 7 | 8; parity: 'none' | 'even' | 'odd' | 'mark' | 'space'; stopBits: 1 | 1.5 | 2; pin?: string | undefined }; result: void };
  useVirtualMachine: { args: { balls?: string | undefined; intervalMs: number; faults: string[] }; result: void };
  enterManualBall: { args: { hostDigit: string; notaryDigit: string; pin?: string | undefined }; result: void };
  resolveAlarm: { args: { decision: AlarmDecision; pin?: string | undefined }; result: void };
  voidLastBall: { args: { reason: string; pin?: string | undefined }; result: void };
  confirmSeed: { args: { pin?: string | undefined }; result: void };
  computeResults: { args: Record<string, never>; result: void };
  revealTo: { args: { pool: number; page: number }; result: void };
  /** Starts, changes or pauses the automatic reveal (see KioskView.revealPace). */
  setRevealPace: { args: { intervalMs: number; running: boolean }; result: void };
  revealPage: { args: { pool: number; page: number }; result: RevealPage };
  listDrives: { args: Record<string, never>; result: { drives: { label: string; mountPoint: string; sizeBytes: number; freeBytes: number }[] } };
  /** Answers once the bundle is written and read back from the stick: its evidence digest (docs/spec/evidence-bundle.md). */
  /** `recordingLeftOut`: why the archive recording could not be finished into the bundle (the bundle is sealed without it). */
  writeBundle: { args: { target: string }; result: { name: string; evidenceDigest: string; recordingLeftOut?: Failure | undefined } };
  connectObs: { args: { url: string; password?: string | undefined }; result: void };
  prepareObs: { args: Record<string, never>; result: void };
  setStreaming: { args: { on: boolean }; result: void };
  closeCeremony: { args: { pin?: string | undefined }; result: void };
  abortCeremony: { args: { reason: string; pin?: string | undefined }; result: void };
  /** New console and stage tokens; every page and OBS source holding an old one is shut out. */
  rotateTokens: { args: Record<string, never>; result: { consoleUrl: string; stageUrl: string } };
}
/* eslint-enable @typescript-eslint/no-invalid-void-type */

export type CommandName = keyof KioskCommands;

/** Messages on the wire (WebSocket; IPC carries the same outcome). A failed command's outcome is shown through describeFailure. */
export type ClientMessage = { readonly id: number; readonly command: CommandName; readonly args: unknown };
export type ServerMessage =
  | { readonly kind: 'view'; readonly view: KioskView }
  | { readonly kind: 'result'; readonly id: number; readonly outcome: Outcome<unknown> };
