// The console's panels by phase: a new phase does not compile until it has its entry here.
import type { Phase } from '../../draw-core/ceremony.ts';
import type { Panel } from './panel.ts';
import { CreatePanel } from './phases/CreatePanel.tsx';
import { ImportPanel } from './phases/ImportPanel.tsx';
import { DigestPanel } from './phases/DigestPanel.tsx';
import { DrawPanel } from './phases/DrawPanel.tsx';
import { ComputePanel } from './phases/ComputePanel.tsx';
import { RevealPanel } from './phases/RevealPanel.tsx';
import { SealPanel } from './phases/SealPanel.tsx';
import { ClosePanel } from './phases/ClosePanel.tsx';
import { DonePanel } from './phases/DonePanel.tsx';

export const PANELS: Record<Phase, Panel> = {
  // No ceremony open: create one or resume one.
  new: { panels: { create: CreatePanel }, live: false, preview: false },
  created: { panels: { import: ImportPanel }, live: true, preview: false },
  // Another package may replace the imported one until the first ball (ImportPanel hides itself after it).
  imported: { panels: { digest: DigestPanel, import: ImportPanel }, live: true, preview: false },
  seeding: { panels: { draw: DrawPanel, import: ImportPanel }, live: true, preview: true },
  'seed-complete': { panels: { draw: DrawPanel }, live: true, preview: true },
  'seed-confirmed': { panels: { compute: ComputePanel }, live: true, preview: false },
  // The bundle may be written once the results are computed, during the reveal or after it.
  computed: { panels: { reveal: RevealPanel, seal: SealPanel }, live: true, preview: true },
  sealed: { panels: { seal: SealPanel, close: ClosePanel }, live: true, preview: true },
  closed: { panels: { done: DonePanel, create: CreatePanel }, live: false, preview: false },
  aborted: { panels: { done: DonePanel, create: CreatePanel }, live: false, preview: false },
};
