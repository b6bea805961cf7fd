// The big screen (and OBS's browser source): a page that renders the ceremony's state.
// One 1920×1080 frame scaled to the window, so 1080p, 4K and the livestream show one picture;
// the screen of each phase is SCREENS[phase] (./screens.tsx), inside the frame (./parts/Frame.tsx).
import { useEffect, useLayoutEffect, useState } from 'react';
import { INITIAL_STATE } from '../../draw-core/ceremony.ts';
import type { KioskView, RevealPage } from '../../electron/contract/kiosk-api.ts';
import type { KioskClient } from '../api/client.ts';
import { useConnection, useView } from '../api/hooks.ts';
import { ConnectionNotice } from '../ConnectionNotice.tsx';
import { Frame } from './parts/Frame.tsx';
import { SCREENS } from './screens.tsx';
import { THEME, themeStyle } from './theme.ts';

function useScale(): number {
  const fit = () => Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
  const [scale, setScale] = useState(fit);
  useLayoutEffect(() => {
    const onResize = () => setScale(fit());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return scale;
}

/**
 * The explicit reduced-motion switch, `?motion=reduced` on the stage's URL (an OBS source, a
 * venue whose screen makes motion hard to watch); prefers-reduced-motion does the same (stage.css).
 */
const REDUCED_MOTION = new URLSearchParams(window.location.search).get('motion') === 'reduced';

/** The reveal page the host has turned to, fetched when it turns (and again after a reconnection, or an unlock). */
function useRevealPage(client: KioskClient, view: KioskView | undefined, connected: boolean): RevealPage | undefined {
  const [fetched, setFetched] = useState<{ dir: string; page: RevealPage | undefined }>();
  const dir = view?.ceremony?.dir;
  const reveal = view?.ceremony?.state.reveal;
  const pool = reveal?.pool;
  const pageNo = reveal?.page;
  // A ceremony reopened after a restart serves no page until the notary's PIN unlocks it: the page up before stays, then it is fetched again.
  const locked = view?.ceremony?.locked;
  useEffect(() => {
    if (dir === undefined || pool === undefined || pageNo === undefined || !connected || locked) return;
    let current = true;
    void client.call('revealPage', { pool, page: pageNo }).then((outcome) => {
      if (current) setFetched({ dir, page: outcome.ok ? outcome.value : undefined });
    });
    return () => {
      current = false;
    };
  }, [client, dir, pool, pageNo, connected, locked]);
  // The last page fetched stays up until the next one arrives, so a page turn never flashes the summary.
  return reveal && fetched && fetched.dir === dir ? fetched.page : undefined;
}

export function StageApp({ client }: { client: KioskClient }) {
  const view = useView(client);
  const connection = useConnection(client);
  const scale = useScale();
  const page = useRevealPage(client, view, connection === 'connected');
  const state = view?.ceremony?.state ?? INITIAL_STATE;
  const Screen = SCREENS[state.phase];
  const down = connection === 'reconnecting' || connection === 'shut-out';
  return (
    <div className="stage-theme" style={themeStyle(THEME)}>
      <Frame
        state={state} scale={scale} reducedMotion={REDUCED_MOTION} locked={view?.ceremony?.locked ?? false} journalHead={view?.ceremony?.journalHead}
        notice={down ? <ConnectionNotice connection={connection} className="stage-connection" /> : undefined}>
        {view && <Screen view={view} state={state} page={page} />}
      </Frame>
    </div>
  );
}
