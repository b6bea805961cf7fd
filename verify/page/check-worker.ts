// The page's worker: reads the picked bundle, digests its files, runs draw-core's checkBundle
// and says where it is as it goes, while the page stays responsive.
import { checkBundle } from '../../draw-core/bundle-check.ts';
import { DrawInputError } from '../../draw-core/errors.ts';
import { sha256, type Sha256 } from '../../draw-core/sha256.ts';
import { loadBundle, type LoadedBundle } from './bundle-input.ts';
import type { Reply, Request } from './messages.ts';
import { runVectors } from './vectors.ts';

/** The dedicated worker's global scope, as far as this file uses it (the page's types are the DOM's). */
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage(reply: Reply): void;
};

scope.onmessage = (e) => {
  const request = e.data;
  if (request.type === 'vectors') {
    scope.postMessage({ type: 'vectors', results: runVectors(request.texts) });
    return;
  }
  verify(request.picked).then(scope.postMessage.bind(scope), (err: unknown) => {
    scope.postMessage(err instanceof DrawInputError
      ? { type: 'unreadable', file: err.file, zh: err.zh, en: err.en }
      : { type: 'failed', message: String(err) });
  });
};

async function verify(picked: Extract<Request, { type: 'verify' }>['picked']): Promise<Reply> {
  const bundle = await loadBundle(picked, (done, total) => scope.postMessage({ type: 'progress', step: 'read', done, total }));
  const hash = await digestFiles(bundle);
  const report = checkBundle({
    names: bundle.names,
    read: (name) => {
      scope.postMessage({ type: 'checking', file: name });
      return bundle.read(name);
    },
  }, hash);
  return { type: 'report', report };
}

/**
 * draw-core's Sha256 is synchronous, the browser's native SHA-256 (SubtleCrypto) is not, and
 * is several times faster on large files than @noble/hashes. So every file is digested
 * natively first, and the hash given to the check answers for those very bytes from the
 * table; anything else (journal records, the random stream's blocks) goes to noble.
 */
async function digestFiles(bundle: LoadedBundle): Promise<Sha256> {
  // A page served over plain http is not a secure context and has no SubtleCrypto (file:// has it).
  if (!globalThis.crypto?.subtle) return sha256;
  const digests = new WeakMap<Uint8Array, Uint8Array>();
  const total = bundle.names.length;
  let done = 0;
  for (const bytes of bundle.bytes.values()) {
    digests.set(bytes, new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
    scope.postMessage({ type: 'progress', step: 'digest', done: ++done, total });
  }
  return (data) => digests.get(data) ?? sha256(data);
}
