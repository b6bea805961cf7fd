// Command-line parsing shared by every `draw` command: options in, a clear usage error out.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fail } from '../../draw-core/errors.ts';

export const EXIT_OK = 0;
export const EXIT_VERIFY_FAILED = 1;
export const EXIT_INVALID = 2;
/** A ball-machine alarm halted the draw: the host must decide and the notary confirm. */
export const EXIT_HALTED = 3;

/** Where a command's output goes; tests pass their own. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function usageError(command: string, zh: string, en: string): never {
  fail({ file: `draw ${command}` }, 'usage', zh, `${en} (see: draw help)`);
}

/** Parses `args` for `command`; every option listed in `required` must be given. */
export function parseCommand<O extends Options>(command: string, args: string[], options: O, required: (keyof O & string)[], positionals: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    usageError(command, `参数有误：${(e as Error).message}`, `bad arguments: ${(e as Error).message}`);
  }
  for (const name of required) {
    if ((parsed.values as Record<string, unknown>)[name] === undefined) usageError(command, `缺少 --${name}`, `missing --${name}`);
  }
  if (parsed.positionals.length !== positionals.length) {
    const want = positionals.length === 0 ? 'no positional argument' : positionals.join(' ');
    usageError(command, `位置参数须为：${want || '无'}`, `expected ${want}, got ${parsed.positionals.length} positional argument(s)`);
  }
  return parsed;
}

/** A whole number from the command line, or a usage error naming the option. */
export function wholeNumber(command: string, option: string, text: string): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(text) || !Number.isSafeInteger(Number(text))) {
    usageError(command, `${option} 须为非负整数，实为 "${text}"`, `${option} must be a whole number, got "${text}"`);
  }
  return Number(text);
}
