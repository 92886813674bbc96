import type { LocatedMutant } from './report';

/** A mutant no test can tell apart from the solution: solutions/<folder>/equivalent-mutants.json. */
export interface Equivalent {
  mutator: string;
  /** The file's name inside the solution folder, as a student file is named in the manifest. */
  file: string;
  line: number;
  original: string;
  replacement: string;
  why: string;
}

export const EQUIVALENTS_FILE = 'equivalent-mutants.json';

export const sameMutant = (equivalent: Equivalent, mutant: LocatedMutant) =>
  equivalent.mutator === mutant.mutator &&
  equivalent.file === mutant.file &&
  equivalent.line === mutant.line &&
  equivalent.original === mutant.original &&
  equivalent.replacement === mutant.replacement;

/** Stryker's verdicts for a mutant the tests did not detect. */
export const undetected = (mutant: LocatedMutant) =>
  mutant.status === 'Survived' || mutant.status === 'NoCoverage';

/** What is wrong with one listed equivalent, against the latest report; undefined when it holds. */
export function equivalentAgainstReport(
  equivalent: Equivalent,
  mutants: LocatedMutant[],
): { rule: string; message: string } | undefined {
  const match = mutants.find((mutant) => sameMutant(equivalent, mutant));
  if (!match)
    return {
      rule: 'equivalent-exists',
      message: `no ${equivalent.mutator} mutant ${JSON.stringify(equivalent.original)} -> ${JSON.stringify(equivalent.replacement)} at ${equivalent.file}:${equivalent.line} in the latest mutation report: remove it or update it`,
    };
  if (!undetected(match))
    return {
      rule: 'equivalent-survives',
      message: `the ${equivalent.mutator} mutant at ${equivalent.file}:${equivalent.line} was ${match.status} in the latest mutation report, so a test can tell it apart: it is not equivalent`,
    };
  return undefined;
}

/**
 * Without a report: the quoted original text must start on the given line of the solution file
 * (it may run on over the following lines).
 */
export function equivalentAgainstSource(
  equivalent: Equivalent,
  source: string | undefined,
): { rule: string; message: string } | undefined {
  if (source === undefined)
    return {
      rule: 'equivalent-file-exists',
      message: `${equivalent.file} is not a file of the reference solution`,
    };
  const lines = source.split('\n');
  if (equivalent.line > lines.length)
    return {
      rule: 'equivalent-line-exists',
      message: `${equivalent.file} has ${lines.length} lines, not ${equivalent.line}`,
    };
  const from = lines.slice(equivalent.line - 1).join('\n');
  const at = from.indexOf(equivalent.original);
  if (at < 0 || at > lines[equivalent.line - 1].length)
    return {
      rule: 'equivalent-original-exists',
      message: `${JSON.stringify(equivalent.original)} does not start on ${equivalent.file}:${equivalent.line}`,
    };
  return undefined;
}
