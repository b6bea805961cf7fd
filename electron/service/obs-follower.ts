// OBS following a ceremony: the program scene, the texts and the recording track the
// journaled state; the finished recording is journaled before the bundle is sealed. OBS being
// away never holds the ceremony up.
import { cueFor, type ObsDirector } from '../../hardware/obs/director.ts';
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

/** Stops the recording, waits for OBS to finish the file, and journals it. Undefined when OBS had none. */
export async function finishRecording(service: CeremonyService, director: ObsDirector): Promise<string | undefined> {
  try {
    const recording = await director.stopRecording();
    if (!recording) return undefined;
    service.recordRecording(recording);
    return recording.path;
  } catch (e) {
    return `录像未能完成 / the recording could not be finished: ${e instanceof Error ? e.message : String(e)}`;
  }
}
