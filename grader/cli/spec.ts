import type { Argv, InferredOptionTypes, Options } from 'yargs';
import type { Io } from '../io';

// One command of the CLI, declared once: its yargs command string (name and positionals), its
// help line, its positionals and options, and what runs it. `run` is handed exactly what was
// declared, camelCased as yargs parses it, so a command's options object is never spelled out a
// second time. A spec module imports its command lazily: `check` never pays for grading a class.

export type Declared = Record<string, Options>;

/** kebab-case to camelCase, as yargs names parsed options. */
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : S;

export type Parsed<O extends Declared> = {
  [K in keyof InferredOptionTypes<O> as Camel<K & string>]: InferredOptionTypes<O>[K];
};

export interface CommandSpec<O extends Declared = Declared> {
  /** yargs' command string, e.g. 'grade <submissions>' or 'verify [exercises..]'. */
  command: string;
  /** The help line; false keeps an old name working without listing it. */
  describe: string | false;
  /** Positionals (named in `command`) and options. */
  options: O;
  run(options: Parsed<O>, io: Io): number | Promise<number>;
}

/** Typed by its options: `run` sees each one with the type its declaration gives it. */
export const defineCommand = <O extends Declared>(spec: CommandSpec<O>): CommandSpec<O> => spec;

/** The positionals `command` names: 'verify [exercises..]' -> ['exercises']. */
export function positionalsOf(command: string): string[] {
  return [...command.matchAll(/[<[]([\w-]+)(?:\.\.)?[>\]]/g)].map((match) => match[1]);
}

export const camelCase = (name: string): string =>
  name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Declares a spec's positionals and options on its yargs command. */
export function declare<T>(command: Argv<T>, spec: CommandSpec): Argv<T> {
  const positionals = positionalsOf(spec.command);
  for (const [name, options] of Object.entries(spec.options)) {
    if (positionals.includes(name)) command.positional(name, options as never);
    else command.option(name, options);
  }
  return command;
}

/** What `run` gets: the declared names only (camelCased), not yargs' `_`, `$0` or aliases. */
export function declaredValues(spec: CommandSpec, parsed: Record<string, unknown>) {
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(spec.options)) {
    const key = camelCase(name);
    if (parsed[key] !== undefined) values[key] = parsed[key];
  }
  return values;
}
