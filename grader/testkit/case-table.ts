import { decodeCaseValue } from './case-values';

// A case table (schemas/case-table.schema.json) is written at authoring time by `grader cases
// --refresh`: generated inputs, each with the outcome the reference solution gave for it. A hidden
// test runs every case against the code under test, smallest first, and fails on the first case
// that does not match, so the case a student is shown is the smallest one that fails.

export interface StoredCase {
  /** What kind of input this is, in the student's terms ("an empty list of tasks"). */
  kind: string;
  /** How big the input is; cases are stored smallest first. */
  size: number;
  input: unknown;
  expected: unknown;
}

export interface CaseTable {
  test: string;
  seed: number;
  generator: string;
  cases: StoredCase[];
}

export interface CaseCheck<I, E> {
  /** Runs one case and asserts its outcome (throws, e.g. through because()/expect, on a mismatch). */
  run: (input: I, expected: E) => void | Promise<void>;
  /** The input in the student's terms: "with tasks A (returns 0 at its 1st step) and B (...)". */
  describe: (input: I) => string;
  /**
   * How many cases may run at the same time (default 1). Cases that wait on workers or children
   * spend most of their time waiting; the first failing case in table order is still the one
   * reported.
   */
  atOnce?: number;
}

const FAILS_FOR = /^Fails for (.+)\.$/;

/**
 * The kind a case-table failure message names on its first line ("Fails for an empty list of
 * tasks."), or undefined for any other message. The grader reads it back to tell a student which
 * kind of input a hidden table failed for, without the case.
 */
export function failedKindIn(message: string): string | undefined {
  return FAILS_FOR.exec(message.split('\n', 1)[0])?.[1];
}

/** The error of a failing case, worded for the student: the kind first, then the case itself. */
export function caseFailureMessage(
  stored: StoredCase,
  position: number,
  total: number,
  description: string,
  assertion: string,
): string {
  return [
    `Fails for ${stored.kind}.`,
    '',
    `The smallest failing case (${position} of ${total} generated, smallest first): ${description}`,
    '',
    assertion,
  ].join('\n');
}

/**
 * Runs every case of `table` with `check`, smallest first (up to `check.atOnce` at a time); throws
 * for the first one in table order that fails.
 * A table with no case fails too: a test that checks nothing cannot fail.
 */
export async function runCaseTable<I, E>(table: CaseTable, check: CaseCheck<I, E>): Promise<void> {
  if (table.cases.length === 0) throw new Error(`the case table of "${table.test}" has no case`);
  const failures: Array<{ error: unknown } | undefined> = [];
  let next = 0;
  let firstFailing = table.cases.length;
  // Each lane takes the next case in table order; no lane starts a case after one that failed.
  const lane = async () => {
    while (next < firstFailing) {
      const index = next++;
      const stored = table.cases[index];
      try {
        await check.run(decodeCaseValue(stored.input) as I, decodeCaseValue(stored.expected) as E);
      } catch (error) {
        failures[index] = { error };
        firstFailing = Math.min(firstFailing, index);
      }
    }
  };
  const lanes = Math.max(1, Math.min(check.atOnce ?? 1, table.cases.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (firstFailing === table.cases.length) return;
  const stored = table.cases[firstFailing];
  const { error } = failures[firstFailing]!;
  const assertion =
    error && typeof (error as Error).message === 'string'
      ? (error as Error).message
      : String(error);
  const failure = new Error(
    caseFailureMessage(
      stored,
      firstFailing + 1,
      table.cases.length,
      check.describe(decodeCaseValue(stored.input) as I),
      assertion,
    ),
  );
  failure.stack = failure.message;
  throw failure;
}
