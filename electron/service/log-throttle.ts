// At most so many operational-log entries a minute for what anyone who may call can cause
// (refused commands, refused requests): a flood must not fill the log, and must not vanish
// from it either, so what is held back is counted into the next entry let through.
const MINUTE_MS = 60_000;

export class LogThrottle {
  readonly #perMinute: number;
  readonly #clock: () => string;
  #since = Number.NEGATIVE_INFINITY;
  #passed = 0;
  #heldBack = 0;

  /** `clock`: the injected one (ISO 8601), so a test moves the minute on. */
  constructor(perMinute: number, clock: () => string) {
    this.#perMinute = perMinute;
    this.#clock = clock;
  }

  /** Whether an entry may be written now; if so, `heldBack` (how many were not) is written with it. */
  pass(): { readonly heldBack: number } | undefined {
    const now = Date.parse(this.#clock());
    if (now - this.#since >= MINUTE_MS) {
      this.#since = now;
      this.#passed = 0;
    }
    if (this.#passed >= this.#perMinute) {
      this.#heldBack++;
      return undefined;
    }
    this.#passed++;
    const heldBack = this.#heldBack;
    this.#heldBack = 0;
    return { heldBack };
  }

  /** Entries held back and not yet counted into one written: for a last entry at close. */
  takeHeldBack(): number {
    const heldBack = this.#heldBack;
    this.#heldBack = 0;
    return heldBack;
  }
}
