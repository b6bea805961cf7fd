// Who may do what over IPC. Only the console window drives the ceremony; the stage window
// shows it: it gets the pushed view and may call only what it reads (renderer/stage/StageApp.tsx).
// No Electron here, so the rules are tested under Node (tests/electron-shell.test.ts).
import { STAGE_COMMANDS } from '../service/command-schemas.ts';

export type Screen = 'console' | 'stage';

/** Which of our pages a URL is: exactly app://kiosk/console.html or app://kiosk/stage.html. */
export function pageOf(url: string): Screen | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'app:' || u.host !== 'kiosk' || u.username !== '' || u.password !== '' || u.search !== '' || u.hash !== '') return undefined;
  return u.pathname === '/console.html' ? 'console' : u.pathname === '/stage.html' ? 'stage' : undefined;
}

/**
 * Which screen sent an IPC message: the top frame of one of our two windows, showing that
 * window's own page. A frame inside it, another window, another page: none.
 */
export function screenAt(window: Screen | undefined, frame: { readonly url: string; readonly top: boolean } | undefined): Screen | undefined {
  if (window === undefined || frame === undefined || !frame.top) return undefined;
  return pageOf(frame.url) === window ? window : undefined;
}

/** Whether `screen` may send `command`: the console any command, the stage only its reads (as the stage token). */
export function mayCall(screen: Screen | undefined, command: unknown): boolean {
  if (typeof command !== 'string') return false;
  return screen === 'console' || (screen === 'stage' && STAGE_COMMANDS.has(command));
}
