// The automatic reveal: the service turns the pages at the host's pace, so it goes on whatever
// the screens do (a reload, a dropped connection) and every screen shows the same pace. It
// runs only while the results are being revealed; a page turned by hand sets the next turn a
// whole interval from then.
import type { CeremonyState } from '../../draw-core/ceremony.ts';
import type { KioskView } from '../contract/kiosk-api.ts';
import { nextRevealPosition, PACE_MS } from '../contract/reveal.ts';
import { failWith } from '../node/failure.ts';
import type { CeremonyService } from './ceremony-service.ts';

export type RevealPace = NonNullable<KioskView['revealPace']>;

export class RevealPacer {
  readonly #service: CeremonyService;
  readonly #pageSize: number;
  /** Tells the service the pace changed by itself (stopped at the end, or by the phase). */
  readonly #changed: () => void;
  readonly #unsubscribe: () => void;
  #pace: RevealPace = { intervalMs: PACE_MS.initial, running: false };
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The page shown when the pace last looked: a turn by anyone else resets its timer. */
  #at: CeremonyState['reveal'];

  constructor(service: CeremonyService, pageSize: number, changed: () => void) {
    this.#service = service;
    this.#pageSize = pageSize;
    this.#changed = changed;
    this.#at = service.state.reveal;
    this.#unsubscribe = service.subscribe((state) => {
      if (state.phase !== 'computed') this.#stop('phase');
      else if (state.reveal !== this.#at) {
        this.#at = state.reveal;
        if (this.#pace.running) this.#arm();
      }
    });
  }

  get pace(): RevealPace {
    return this.#pace;
  }

  /** Starts, changes or pauses the pace: a start or a change turns the next page a whole interval from now. */
  set(intervalMs: number, running: boolean): void {
    if (running && this.#service.state.phase !== 'computed') failWith({ kind: 'pace-outside-reveal' });
    this.#pace = { intervalMs, running };
    // The pages it turns are journaled like the host's: the log says when it ran.
    this.#service.logOperation('reveal-pace', { intervalMs, running });
    if (running) this.#arm();
    else this.#disarm();
  }

  dispose(): void {
    this.#disarm();
    this.#unsubscribe();
  }

  /** The next turn, or the pace stopped when the last page of the last pool is up. */
  #arm(): void {
    this.#disarm();
    if (!this.#next()) return this.#stop('last-page');
    this.#timer = setTimeout(() => this.#turn(), this.#pace.intervalMs);
    this.#timer.unref();
  }

  #turn(): void {
    this.#timer = undefined;
    const next = this.#next();
    if (!next) return this.#stop('last-page');
    // Journaled like a page the host turns; the ceremony's listener above sets the next turn.
    const turned = this.#service.revealTo(next.pool, next.page);
    if (!turned.ok) this.#stop(turned.failure.kind);
  }

  #next() {
    const { results, reveal } = this.#service.state;
    return results && nextRevealPosition(results, reveal, this.#pageSize);
  }

  /** Stopped by itself: at the last page, when the phase moved on, or when a turn failed (its failure's kind). */
  #stop(why: string): void {
    this.#disarm();
    if (!this.#pace.running) return;
    this.#pace = { ...this.#pace, running: false };
    this.#service.logOperation('reveal-pace', { ...this.#pace, stopped: why });
    this.#changed();
  }

  #disarm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
