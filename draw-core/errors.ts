// Input errors (spec draw-v1 §1: "a hard import error naming the file, the line number
// and the rule broken"). Every message is Simplified Chinese first, English second.

/** Where an input problem is: a file (or command-line argument) and, where there is one, a 1-based line. */
export interface Place {
  readonly file: string;
  readonly line?: number | undefined;
}

/** A rule broken, without its place: field validators return these, callers add the place. */
export interface Problem {
  readonly rule: string;
  readonly zh: string;
  readonly en: string;
}

export class DrawInputError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly rule: string;
  readonly zh: string;
  readonly en: string;

  constructor(place: Place, problem: Problem) {
    super(`${problem.zh} / ${problem.en}`);
    this.name = 'DrawInputError';
    this.file = place.file;
    this.line = place.line;
    this.rule = problem.rule;
    this.zh = problem.zh;
    this.en = problem.en;
  }
}

export function problem(rule: string, zh: string, en: string): Problem {
  return { rule, zh, en };
}

export function fail(place: Place, rule: string, zh: string, en: string): never {
  throw new DrawInputError(place, problem(rule, zh, en));
}

export function failWith(place: Place, p: Problem): never {
  throw new DrawInputError(place, p);
}
