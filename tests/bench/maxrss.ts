// Preloaded into a benchmarked `draw` process: writes its peak resident memory (KiB) on exit.
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_MAXRSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
