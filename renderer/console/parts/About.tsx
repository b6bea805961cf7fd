// What software runs (version and code digest), the stage's address (for OBS's browser source),
// and the access tokens' rotation.
import { groupsOfFour } from '../../../draw-core/bundle-words.ts';
import type { KioskView } from '../../../electron/contract/kiosk-api.ts';
import { useT } from '../../i18n.ts';
import type { Run } from '../panel.ts';
import { ArmedButton } from './ArmedButton.tsx';

export function About({ software, stageUrl, run }: { software: KioskView['software']; stageUrl?: string | undefined; run: Run }) {
  const t = useT();
  return (
    <footer className="muted about" data-testid="about">
      <span>{t('关于：', 'About: ')}{software.name} {software.version} · {t('代码摘要', 'code digest')} <span className="code-digest">{groupsOfFour(software.codeDigest)}</span></span>
      {stageUrl && <span>{t('大屏地址（OBS 浏览器源）', 'Stage address (OBS browser source)')}: <code data-testid="stage-url">{stageUrl}</code></span>}
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
    <span>
      <ArmedButton className="" onConfirm={() => void run('rotateTokens', {}).then((urls) => {
        if (urls && !window.kioskIpc) location.replace(urls.consoleUrl);
      })}>{t('更换访问令牌', 'Rotate access tokens')}</ArmedButton>
      {' '}{t('旧地址立即失效：已打开的控制台与大屏页面须用新地址重新打开；已连接的 OBS 自动改用新的大屏地址。',
        'The old addresses stop working at once: open console and stage pages must be opened again at the new ones; a connected OBS is moved to the new stage address by itself.')}
    </span>
  );
}
