// OBS following a ceremony: the program scene, the texts and the recording track the
// journaled state; the finished recording is journaled before the bundle is sealed. OBS being
// away never holds the ceremony up.
import { cueFor, type ObsDirector } from '../../hardware/obs/director.ts';
import type { Outcome } from '../contract/failures.ts';
import type { CeremonyService } from './ceremony-service.ts';

/** Records from the opening until sealing; the recording must be complete to be in the bundle. */
const RECORDING_PHASES = new Set(['created', 'imported', 'seeding', 'seed-complete', 'seed-confirmed', 'computed']);

export function followCeremony(service: CeremonyService, director: ObsDirector): () => void {
  let preparing = false;
  const cue = () => {
    const s = service.state;
    // One recording a ceremony: once it is finished and journaled, it is not started again.
    director.cue(cueFor(s.phase, s.package?.title ?? '', s.ceremony?.period ?? '', s.balls.join(' '), RECORDING_PHASES.has(s.phase) && s.recordings.length === 0));
  };
  const offStatus = director.onStatus((st) => {
    if (st.connection === 'connected' && !st.prepared && !preparing) {
      preparing = true;
      void director.prepare().catch(() => undefined).finally(() => (preparing = false));
    }
  });
  const offState = service.subscribe(cue);
  cue();
  return () => {
    offStatus();
    offState();
  };
}

/** Stops the recording, waits for OBS to finish the file, and journals it: its path, or undefined when OBS had none. */
export async function finishRecording(service: CeremonyService, director: ObsDirector): Promise<Outcome<string | undefined>> {
  let recording;
  try {
    recording = await director.stopRecording();
  } catch (e) {
    return { ok: false, failure: { kind: 'recording-failed', detail: e instanceof Error ? e.message : String(e) } };
  }
  if (!recording) return { ok: true, value: undefined };
  const journaled = service.recordRecording(recording);
  return journaled.ok ? { ok: true, value: recording.path } : journaled;
}
