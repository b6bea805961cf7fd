// Run by `npm run build` after the bundles: records the code digest of the files that ship.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_DIGEST_FILE, codeDigest, shippedFiles } from './software.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const files = shippedFiles(root);
const record = { codeDigest: codeDigest(root, files), files: files.length, builtAt: new Date().toISOString() };
writeFileSync(join(root, BUILD_DIGEST_FILE), `${JSON.stringify(record, null, 2)}\n`);
process.stdout.write(`code digest ${record.codeDigest} over ${files.length} files\n`);
