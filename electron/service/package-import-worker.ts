// The worker thread of a package import (package-import.ts): reads and verifies the package,
// waits for the service to check it against the ceremony, copies it into the ceremony folder,
// verifies the copy and sends it back with its buffers transferred.
import { parentPort, workerData } from 'node:worker_threads';
import { toFailure } from '../node/failure.ts';
import { copyPackage, loadPackageCopy, packageBuffers, verifyPackage, type ImportJob, type ImportReport } from './package-import.ts';

const job = workerData as ImportJob;
const port = parentPort!;
const send = (report: ImportReport, transfer: ArrayBuffer[] = []) => port.postMessage(report, transfer);
const failed = (e: unknown) => send({ type: 'failed', failure: toFailure(e) });

try {
  const pkg = verifyPackage(job.path);
  send({ type: 'verified', package: { sealDigest: pkg.sealDigest, manifest: pkg.manifest } });
  port.once('message', () => { // the service's go: the fact is accepted
    try {
      copyPackage(pkg, job.ceremonyDir);
      const copy = loadPackageCopy(job.ceremonyDir, pkg.sealDigest);
      send({ type: 'copied', package: copy }, packageBuffers(copy));
    } catch (e) {
      failed(e);
    }
  });
} catch (e) {
  failed(e);
}
