// What software runs (version and code digest), and the access tokens' rotation.
import { groupsOfFour } from '../../../draw-core/bundle-words.ts';
import type { KioskView } from '../../../electron/contract/kiosk-api.ts';
import { useT } from '../../i18n.ts';
import type { Run } from '../panel.ts';
import { ArmedButton } from './ArmedButton.tsx';

export function About({ software, run }: { software: KioskView['software']; run: Run }) {
  const t = useT();
  return (
    <footer className="muted about" data-testid="about">
      <span>{t('关于：', 'About: ')}{software.name} {software.version} · {t('代码摘要', 'code digest')} <span className="code-digest">{groupsOfFour(software.codeDigest)}</span></span>
      <RotateTokens run={run} />
    </footer>
  );
}

/**
 * New console and stage tokens, for when a URL may have leaked: every page and OBS source with
 * an old one is shut out. A browser console moves to its new URL; OBS's source gets the new stage URL.
 */
function RotateTokens({ run }: { run: Run }) {
  const t = useT();
  return (
    <ArmedButton className="" onConfirm={() => void run('rotateTokens', {}).then((urls) => {
      if (urls && !window.kioskIpc) location.replace(urls.consoleUrl);
    })}>{t('更换访问令牌', 'Rotate access tokens')}</ArmedButton>
  );
}
