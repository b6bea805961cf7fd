// The loopback service's two capabilities and its port, kept per installation in
// <dataDir>/tokens.json (owner-only): the console token issues commands, the stage token only
// reads the stage. They are reused across restarts, so an open console or an OBS browser source
// is not locked out after a crash; they change only by the rotateTokens command, or when the
// file turns out readable by others.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { fail } from '../../draw-core/errors.ts';
import type { Capability } from '../contract/kiosk-api.ts';
import { fsyncDir, writeFileDurably } from '../node/files.ts';


export const TOKENS_FILE = 'tokens.json';
const FORMAT = 'draw-kiosk-tokens/1';
// POSIX modes mean nothing on Windows, where the user's profile folder is already private.
const POSIX = process.platform !== 'win32';

const Token = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/));
const TokensFileSchema = v.pipe(
  v.strictObject({ format: v.literal(FORMAT), port: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535)), console: Token, stage: Token }),
  v.check((f) => f.console !== f.stage, 'the console and stage tokens must differ'),
);
type TokensFile = v.InferOutput<typeof TokensFileSchema>;

const newToken = () => randomBytes(32).toString('base64url');
const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export class KioskTokens {
  readonly #dataDir: string;
  #file: TokensFile;
  #digests: Record<Capability, Buffer>;
  #generation = 0;

  private constructor(dataDir: string, file: TokensFile) {
    this.#dataDir = dataDir;
    this.#file = file;
    this.#digests = { console: digest(file.console), stage: digest(file.stage) };
  }

  /** The installation's tokens: made on first use, read (and checked) after that, made anew if others could read them. */
  static load(dataDir: string): KioskTokens {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (POSIX) chmodSync(dataDir, 0o700);
    const path = join(dataDir, TOKENS_FILE);
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      return KioskTokens.#fresh(dataDir, 0);
    }
    const invalid: (why: string) => never = (why) =>
      fail({ file: path }, 'tokens-file', `令牌文件无效（${why}）：删除该文件后重启即生成新令牌`, `the tokens file is not valid (${why}): delete it and start again to make new tokens`);
    if (!stat.isFile()) invalid('not a regular file');
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      invalid(e instanceof Error ? e.message : String(e));
    }
    const parsed = v.safeParse(TokensFileSchema, json);
    if (!parsed.success) invalid(`${v.getDotPath(parsed.issues[0]) ?? 'file'}: ${parsed.issues[0].message}`);
    const file = parsed.output;
    // Readable by anyone but the owner: the tokens may have leaked, so they are not used again.
    if (POSIX && (stat.mode & 0o077) !== 0) return KioskTokens.#fresh(dataDir, file.port);
    return new KioskTokens(dataDir, file);
  }

  static #fresh(dataDir: string, port: number): KioskTokens {
    const tokens = new KioskTokens(dataDir, { format: FORMAT, port, console: newToken(), stage: newToken() });
    tokens.#save();
    return tokens;
  }

  /** The port the service listened on last time (0 before its first start). */
  get port(): number {
    return this.#file.port;
  }

  /** Bumped by every rotation: a socket opened under an older generation holds an old token. */
  get generation(): number {
    return this.#generation;
  }

  token(capability: Capability): string {
    return this.#file[capability];
  }

  /**
   * Whether `given` is this capability's token. The SHA-256 digests are compared in constant
   * time, so a token of any length or bytes is simply not it, never an exception.
   */
  admits(capability: Capability, given: string | undefined): boolean {
    return given !== undefined && timingSafeEqual(digest(given), this.#digests[capability]);
  }

  setPort(port: number): void {
    if (port === this.#file.port) return;
    this.#file = { ...this.#file, port };
    this.#save();
  }

  /** New console and stage tokens, durably; the old ones are let in nowhere from now on. */
  rotate(): void {
    this.#file = { ...this.#file, console: newToken(), stage: newToken() };
    this.#digests = { console: digest(this.#file.console), stage: digest(this.#file.stage) };
    this.#generation++;
    this.#save();
  }

  /** Written beside, then renamed over the file: a crash leaves the old tokens or the new, never half of either. */
  #save(): void {
    const path = join(this.#dataDir, TOKENS_FILE);
    const temp = `${path}.new`;
    rmSync(temp, { force: true });
    // Created owner-only before a byte is written, so the tokens are never readable by others.
    closeSync(openSync(temp, 'wx', 0o600));
    writeFileDurably(temp, new TextEncoder().encode(`${JSON.stringify(this.#file, null, 2)}\n`));
    renameSync(temp, path);
    fsyncDir(this.#dataDir);
  }
}
