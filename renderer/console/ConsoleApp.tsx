// The operator console: the host runs the ceremony, the notary confirms with the PIN. It renders
// the pushed view, the panels of the ceremony's phase (./panels.ts), and sends commands; it holds
// no ceremony state of its own. A command's failure shows in one banner, in the mapper's words.
import { useCallback, useState } from 'react';
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
import { ObsPanel } from './parts/ObsPanel.tsx';
import { StagePreview } from './parts/StagePreview.tsx';
import { Stepper } from './parts/Stepper.tsx';

export function ConsoleApp({ client }: { client: KioskClient }) {
  const view = useView(client);
  const connection = useConnection(client);
  const [lang, setLang] = useState<Lang>('zh');
  const [failure, setFailure] = useState<Failure | undefined>();
  const attempt = useCallback<Attempt>(async (pending) => {
    const outcome = await pending;
    setFailure(outcome.ok ? undefined : outcome.failure);
    return outcome.ok ? outcome.value : undefined;
  }, []);
  const run = useCallback<Run>((command, args) => attempt(client.call(command, args)), [client, attempt]);

  if (!view) return <p className="console">连接中… / Connecting…</p>;
  const state = view.ceremony?.state;
  const phase = state?.phase ?? 'new';
  const { panels, live, preview } = PANELS[phase];
  const props: PanelProps = { view, run, attempt };
  return (
    <LangContext.Provider value={lang}>
      <main className="console">
        <header>
          <h1>{lang === 'zh' ? '小客车增量指标摇号 · 控制台' : 'Car-licence quota draw · Console'}{state?.ceremony?.rehearsal ? (lang === 'zh' ? '（演练）' : ' (rehearsal)') : ''}</h1>
          <button onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} aria-label="language">{lang === 'zh' ? 'English' : '中文'}</button>
        </header>
        <Stepper phase={phase} />
        <ConnectionNotice connection={connection} className="connection" />
        {failure && <FailureBanner failure={failure} onClose={() => setFailure(undefined)} />}
        {Object.entries(panels).map(([name, Panel]) => <Panel key={name} {...props} />)}
        {live && <ObsPanel {...props} />}
        {live && <AbortPanel run={run} />}
        <About software={view.software} run={run} />
        {preview && <StagePreview />}
      </main>
    </LangContext.Provider>
  );
}
