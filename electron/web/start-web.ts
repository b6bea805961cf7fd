// npm run start:web: the kiosk's service under plain Node, its screens in any browser on
// this machine. Prints exactly `console: <URL>` and `stage: <URL>`, then runs until interrupted.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KioskHost } from '../service/kiosk-host.ts';
import { startKioskServer } from './server.ts';

const assets = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const host = new KioskHost({ dataDir: process.env.DRAW_KIOSK_DATA ?? join(homedir(), '.draw-kiosk') });
const server = await startKioskServer(host, assets, Number(process.env.DRAW_KIOSK_PORT ?? 0));
host.setStageUrl(server.stageUrl);
process.stdout.write(`console: ${server.consoleUrl}\nstage: ${server.stageUrl}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await server.close();
    await host.dispose();
    process.exit(0);
  });
}
