// npm run start:web: the kiosk's service under plain Node, its screens in any browser on
// this machine. Prints exactly `console: <URL>` and `stage: <URL>`, then runs until interrupted.
// `--bundle-folder DIR` (repeatable) names folders the evidence bundle may be written to besides
// removable drives: browser mode's stand-in for the Electron shell's folder dialog, chosen
// by whoever starts the service, never by a page.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { failureLine } from '../contract/failures.ts';
import { toFailure } from '../node/failure.ts';
import { KioskService } from '../service/kiosk-service.ts';
import { realDevices } from '../service/devices.ts';
import { screenRoots } from './asset-path.ts';
import { startKioskServer, type KioskServer } from './server.ts';

const assets = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const dataDir = process.env.DRAW_KIOSK_DATA ?? join(homedir(), '.draw-kiosk');
const port = Number(process.env.DRAW_KIOSK_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`DRAW_KIOSK_PORT: 端口须为 0–65535 的整数 / the port must be an integer 0-65535, got "${process.env.DRAW_KIOSK_PORT}"\n`);
  process.exit(2);
}
const { values } = parseArgs({ options: { 'bundle-folder': { type: 'string', multiple: true } } });
let kiosk: KioskService;
let server: KioskServer;
try {
  // The theme is checked before anything starts; its organization publishes the announcements.
  const roots = screenRoots(assets, dataDir);
  kiosk = new KioskService(realDevices(dataDir), { organization: roots.organization });
  for (const folder of values['bundle-folder'] ?? []) kiosk.allowBundleFolder(folder);
  // The same port and tokens as last time, so open pages and OBS's source come back by themselves.
  server = await startKioskServer(kiosk, roots, { dataDir, port });
} catch (e) {
  // An expected failure (a broken tokens file, a port taken) in words and what to do; a defect as it is.
  const failure = toFailure(e);
  if (failure.kind === 'internal') throw e;
  process.stderr.write(`${failureLine(failure)}\n`);
  process.exit(2);
}
process.stdout.write(`console: ${server.consoleUrl}\nstage: ${server.stageUrl}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => kiosk.dispose()).finally(() => process.exit(0));
  });
}
