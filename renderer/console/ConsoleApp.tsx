// The operator console: the host runs the ceremony, the notary confirms with the PIN. It renders
// the pushed view, the panels of the ceremony's phase (./panels.ts), and sends commands; it holds
// no ceremony state of its own. Always on show: real draw or rehearsal, the step and the phase.
// A failure of what the host did stays in a banner, in the mapper's words, until the same
// command succeeds or the host dismisses it; what panels do by themselves (polls) never touches it.
// A ceremony locked after a restart: the notary's prompt is pinned above everything (dialogs
// too), and the phase's controls are disabled until it is unlocked.
import { useCallback, useState, type ReactNode } from 'react';
import { INITIAL_STATE } from '../../draw-core/ceremony.ts';
import type { Failure } from '../../electron/contract/failures.ts';
import type { Lang } from '../../electron/contract/kiosk-api.ts';
import type { KioskClient } from '../api/client.ts';
import { useConnection, useView } from '../api/hooks.ts';
import { ConnectionNotice } from '../ConnectionNotice.tsx';
import { LangContext } from '../i18n.ts';
import type { Attempt, PanelProps, Run } from './panel.ts';
import { PANELS } from './panels.ts';
import { AbortPanel } from './parts/AbortPanel.tsx';
import { About } from './parts/About.tsx';
import { FailureBanner } from './parts/FailureBanner.tsx';
import { KindBand, kindShown } from './parts/KindBand.tsx';
import { LockedCeremony } from './parts/LockedCeremony.tsx';
import { RealDraw } from './parts/NotaryPin.tsx';
import { ObsPanel } from './parts/ObsPanel.tsx';
import { PhaseBanner } from './parts/PhaseBanner.tsx';
import { StagePreview } from './parts/StagePreview.tsx';
import { Stepper } from './parts/Stepper.tsx';

/** What acts on the ceremony: a disabled fieldset disables every control inside it, however deep, so nothing of a locked ceremony can be pressed. */
function Guarded({ locked, children }: { locked: boolean; children: ReactNode }) {
  return <fieldset className="guarded" disabled={locked}>{children}</fieldset>;
}

/** The host's choice of language, kept in this browser so a reload or a restart keeps it. */
function useLang(): [Lang, (lang: Lang) => void] {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh'));
  const choose = useCallback((chosen: Lang) => {
    localStorage.setItem(LANG_KEY, chosen);
    setLang(chosen);
  }, []);
  return [lang, choose];
}
const LANG_KEY = 'console-lang';

export function ConsoleApp({ client }: { client: KioskClient }) {
  const view = useView(client);
  const connection = useConnection(client);
  const [lang, setLang] = useLang();
  // One failure per action (a command, the upload), the newest first.
  const [failures, setFailures] = useState<readonly { action: string; failure: Failure }[]>([]);
  const attempt = useCallback<Attempt>(async (action, pending) => {
    const outcome = await pending;
    setFailures((shown) => {
      const others = shown.filter((f) => f.action !== action);
      if (outcome.ok) return others.length === shown.length ? shown : others;
      return [{ action, failure: outcome.failure }, ...others];
    });
    return outcome.ok ? outcome.value : undefined;
  }, []);
  const run = useCallback<Run>((command, args) => attempt(command, client.call(command, args)), [client, attempt]);
  const quiet = useCallback<Run>(async (command, args) => {
    const outcome = await client.call(command, args);
    return outcome.ok ? outcome.value : undefined;
  }, [client]);
  const dismiss = (action: string) => setFailures((shown) => shown.filter((f) => f.action !== action));
  // Failures belong to the ceremony they happened in: another one opened (created, resumed), they no longer apply;
  // and "locked" holds only while it is: unlocked, it no longer applies.
  const dir = view?.ceremony?.dir;
  const locked = view?.ceremony?.locked ?? false;
  const [failuresOf, setFailuresOf] = useState({ dir, locked });
  if (dir !== failuresOf.dir || locked !== failuresOf.locked) {
    setFailuresOf({ dir, locked });
    if (dir !== failuresOf.dir) setFailures([]);
    else if (!locked) setFailures((shown) => shown.filter((f) => f.failure.kind !== 'locked'));
  }

  if (!view) return <p className="console">连接中… / Connecting…</p>;
  const state = view.ceremony?.state;
  const phase = state?.phase ?? 'new';
  const { panels, live, preview } = PANELS[phase];
  const props: PanelProps = { view, run, quiet, attempt };
  const kind = kindShown(view);
  return (
    <LangContext.Provider value={lang}>
      <RealDraw.Provider value={kind === 'real'}>
        <main className={`console kind-${kind}`} data-phase={phase} data-kind={kind}>
          {/* Kept in sight while the host scrolls: which draw this is, the connection, and what failed. */}
          <div className="pinned">
            <KindBand kind={kind} />
            <ConnectionNotice connection={connection} className="connection" />
            <LockedCeremony view={view} run={run} />
            {failures.map((f) => <FailureBanner key={f.action} action={f.action} failure={f.failure} onClose={() => dismiss(f.action)} />)}
          </div>
          <header>
            <h1>{lang === 'zh' ? '小客车增量指标摇号 · 控制台' : 'Car-licence quota draw · Console'}</h1>
            <button onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} aria-label="language">{lang === 'zh' ? 'English' : '中文'}</button>
          </header>
          <Stepper state={state ?? INITIAL_STATE} />
          <PhaseBanner phase={phase} since={view.ceremony?.phaseSince} locked={locked} />
          <Guarded locked={locked}>{Object.entries(panels).map(([name, Panel]) => <Panel key={name} {...props} />)}</Guarded>
          {/* OBS is not the ceremony's: it may be connected while the ceremony is locked. */}
          {live && <ObsPanel {...props} />}
          {live && <Guarded locked={locked}><AbortPanel run={run} /></Guarded>}
          {preview && <StagePreview />}
          <About software={view.software} stageUrl={view.stageUrl} run={run} />
        </main>
      </RealDraw.Provider>
    </LangContext.Provider>
  );
}
