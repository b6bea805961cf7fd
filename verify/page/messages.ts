// What the page and its worker say to each other. The worker does all the reading and
// checking, so the page stays responsive on a bundle of millions of entries.
import type { BundleReport } from '../../draw-core/bundle-check.ts';
import type { VectorResult } from './vectors.ts';

/** A file picked in a folder, by its path below the picked folder's parent (as the browser gives it). */
export interface PickedFile {
  readonly path: string;
  readonly file: Blob;
}

export type Picked =
  | { readonly kind: 'folder'; readonly files: readonly PickedFile[] }
  | { readonly kind: 'zip'; readonly name: string; readonly file: Blob };

export type Request =
  | { readonly type: 'verify'; readonly picked: Picked }
  | { readonly type: 'vectors'; readonly texts: readonly string[] };

export type Reply =
  /** Reading the files, then digesting them: so many of so many. */
  | { readonly type: 'progress'; readonly step: 'read' | 'digest'; readonly done: number; readonly total: number }
  /** The check at work, reading this file (it reads some more than once). */
  | { readonly type: 'checking'; readonly file: string }
  | { readonly type: 'report'; readonly report: BundleReport }
  /** The bundle could not be read at all (not a zip, too many files…): why, and which file. */
  | { readonly type: 'unreadable'; readonly file: string; readonly zh: string; readonly en: string }
  | { readonly type: 'vectors'; readonly results: readonly VectorResult[] }
  /** The verifier itself failed (a defect, or the browser ran out of memory): the bundle was not judged. */
  | { readonly type: 'failed'; readonly message: string };
