// The generic ASCII ball-machine protocol v1 (docs/spec/ball-machine-protocol.md):
// sentences `$TYPE,field,...*CS\r\n`, at most 82 bytes, CS = XOR of the bytes between
// `$` and `*` as two uppercase hex digits. Pure: bytes in, sentences and discards out.

export const MAX_SENTENCE = 82;
export const MACHINE_STATES = ['IDLE', 'MIXING', 'DRAWING', 'DONE', 'FAULT'] as const;
export type MachineState = (typeof MACHINE_STATES)[number];

export type Sentence =
  | { readonly type: 'HELLO'; readonly vendor: string; readonly model: string; readonly serial: string; readonly firmware: string; readonly raw: string }
  | { readonly type: 'STATE'; readonly state: MachineState; readonly code?: string; readonly raw: string }
  | { readonly type: 'BALL'; readonly n: number; readonly digit: string; readonly raw: string }
  | { readonly type: 'HB'; readonly counter: number; readonly raw: string };

/** Why bytes were thrown away; each is counted for the link-quality display. */
export type DiscardReason = 'noise' | 'overlong' | 'badsum' | 'unknown-type' | 'malformed';

export function checksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x.toString(16).toUpperCase().padStart(2, '0');
}

/** `$BODY*CS\r\n` for TYPE and fields. */
export function formatSentence(type: string, ...fields: (string | number)[]): string {
  const body = [type, ...fields.map(String)].join(',');
  return `$${body}*${checksum(body)}\r\n`;
}

const DOLLAR = 0x24;
const LF = 0x0a;
const FIELD = /^[\x20-\x7e]*$/; // printable ASCII, no `,` `*` `$` (checked below)

/** Reads a byte stream; calls back for each sentence and each discard. */
export class SentenceReader {
  readonly #onSentence: (s: Sentence) => void;
  readonly #onDiscard: (reason: DiscardReason, bytes: number) => void;
  /** The sentence being read, from its `$`; empty between sentences. */
  #buf: number[] = [];
  #noise = 0;

  constructor(onSentence: (s: Sentence) => void, onDiscard: (reason: DiscardReason, bytes: number) => void) {
    this.#onSentence = onSentence;
    this.#onDiscard = onDiscard;
  }

  push(chunk: Uint8Array): void {
    for (const b of chunk) {
      if (b === DOLLAR) {
        this.#flushNoise();
        if (this.#buf.length > 0) this.#onDiscard('malformed', this.#buf.length); // cut short by a new `$`
        this.#buf = [b];
      } else if (this.#buf.length === 0) {
        this.#noise++;
      } else {
        this.#buf.push(b);
        if (b === LF) {
          const bytes = this.#buf;
          this.#buf = [];
          this.#sentence(bytes);
        } else if (this.#buf.length >= MAX_SENTENCE) {
          this.#onDiscard('overlong', this.#buf.length);
          this.#buf = [];
        }
      }
    }
    this.#flushNoise();
  }

  #flushNoise(): void {
    if (this.#noise > 0) this.#onDiscard('noise', this.#noise);
    this.#noise = 0;
  }

  #sentence(bytes: number[]): void {
    const discard = (reason: DiscardReason) => this.#onDiscard(reason, bytes.length);
    if (bytes.some((b) => b > 0x7e || (b < 0x20 && b !== 0x0d && b !== 0x0a))) return discard('malformed');
    const raw = String.fromCharCode(...bytes);
    const m = /^\$([^*]*)\*([0-9A-F]{2})\r\n$/.exec(raw);
    if (!m) return discard('malformed');
    const body = m[1]!;
    if (checksum(body) !== m[2]) return discard('badsum');
    if (body.includes('$') || !FIELD.test(body)) return discard('malformed');
    const [type, ...f] = body.split(',');
    const text = raw.slice(0, -2);
    const s = parseFields(type!, f, text);
    if (s === 'unknown') return discard('unknown-type');
    if (!s) return discard('malformed');
    this.#onSentence(s);
  }
}

function parseFields(type: string, f: string[], raw: string): Sentence | 'unknown' | undefined {
  switch (type) {
    case 'HELLO':
      return f.length === 4 && f.every((x) => x.length > 0) ? { type, vendor: f[0]!, model: f[1]!, serial: f[2]!, firmware: f[3]!, raw } : undefined;
    case 'STATE': {
      const state = f[0] as MachineState;
      if ((f.length !== 1 && f.length !== 2) || !MACHINE_STATES.includes(state)) return undefined;
      return f.length === 2 ? { type, state, code: f[1]!, raw } : { type, state, raw };
    }
    case 'BALL':
      return f.length === 2 && /^[1-9][0-9]{0,5}$/.test(f[0]!) && /^[0-9]$/.test(f[1]!) ? { type, n: Number(f[0]), digit: f[1]!, raw } : undefined;
    case 'HB':
      return f.length === 1 && /^[0-9]{1,10}$/.test(f[0]!) ? { type, counter: Number(f[0]), raw } : undefined;
    default:
      return 'unknown';
  }
}
