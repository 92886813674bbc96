import type { ExerciseResult, ResultDocument, TestResult } from '../result/types';
import { isHidden, shownToStudent } from '../course/visibility';
import { outcomeVaried } from '../result/runs-policy';
import {
  hiddenFailureKinds,
  hiddenFailurePlaces,
  mistakeSentence,
  stuckHint,
} from './failure-advice';

export interface TerminalOptions {
  /** Show hidden tests' names and messages (instructors). */
  reveal?: boolean;
  color?: boolean;
  /** Prefix that turns a subject-relative path into one the student can open (e.g. "exercises/"). */
  pathPrefix?: string;
}

const LABEL: Record<TestResult['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  timeout: 'TIME',
  skipped: 'SKIP',
};
const COLOR: Record<TestResult['status'], number> = {
  pass: 32,
  fail: 31,
  timeout: 35,
  skipped: 33,
};

/** The student's view of a result: one line per test, details only where something went wrong. */
export function renderTerminal(document: ResultDocument, options: TerminalOptions = {}): string {
  const paint = (code: number, text: string) =>
    options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  const out: string[] = [];
  for (const exercise of document.exercises)
    out.push(...renderExercise(exercise, options, paint), '');
  if (document.exercises.length > 1)
    out.push(`Total: ${points(document.score)}/${points(document.max_score)} points`);
  return out.join('\n').trimEnd() + '\n';
}

function renderExercise(
  exercise: ExerciseResult,
  options: TerminalOptions,
  paint: (code: number, text: string) => string,
): string[] {
  const prefix = options.pathPrefix ?? '';
  const out = [paint(1, `${exercise.id}  ${exercise.title}`)];
  if (!exercise.compile.ok && exercise.compile.diagnostics.length === 0) {
    // The type-checker gave up (out of time or stack): its reason is all there is to show.
    out.push(`  No test ran: ${exercise.message ?? 'the code could not be type-checked'}.`);
  } else if (!exercise.compile.ok) {
    out.push(`  Your code does not compile, so no test ran. Fix these first:`);
    for (const d of exercise.compile.diagnostics) {
      out.push(
        `    ${prefix}${d.file}:${d.line}:${d.column} ${d.code} ${d.message.split('\n').join('\n      ')}`,
      );
    }
  } else if (exercise.status === 'error' && exercise.message) {
    out.push(`  ${exercise.message}`);
  }
  const shown = exercise.tests.filter((test) => options.reveal || shownToStudent(test));
  const width = Math.min(72, Math.max(0, ...shown.map((test) => test.name.length)));
  for (const test of shown) {
    const score = `${points(test.score)}/${points(test.max_score)}`;
    out.push(
      `  ${paint(COLOR[test.status], LABEL[test.status])}  ${test.name.padEnd(width)}  ${score}${testNotes(test)}`,
    );
    if (test.status === 'pass' || (test.status === 'skipped' && !exercise.compile.ok)) continue;
    if (test.message) out.push(indent(test.message, 8));
    if (test.location)
      out.push(
        `        at ${prefix}${test.location.file}:${test.location.line}:${test.location.column}`,
      );
    if (test.hint) out.push(`        hint: ${test.hint}`);
  }
  const hidden = exercise.tests.filter(isHidden);
  if (hidden.length > 0 && !options.reveal) {
    const passed = hidden.filter((test) => test.status === 'pass').length;
    const earned = hidden.reduce((sum, test) => sum + test.score, 0);
    const possible = hidden.reduce((sum, test) => sum + test.max_score, 0);
    out.push(
      `  hidden tests: ${passed} of ${hidden.length} passed, ${points(earned)}/${points(possible)} points (names and messages are not shown)`,
    );
    for (const kind of hiddenFailureKinds(exercise, shownToStudent))
      out.push(`    a hidden test failed for ${kind}`);
    for (const place of hiddenFailurePlaces(exercise, shownToStudent))
      out.push(`    a hidden test failed at ${prefix}${place.file}:${place.line}:${place.column}`);
  }
  if (exercise.hidden.absent_count > 0) {
    out.push(
      `  + ${exercise.hidden.absent_count} hidden test${exercise.hidden.absent_count === 1 ? '' : 's'} worth ${points(exercise.hidden.absent_points)} points run when your work is graded`,
    );
  }
  if (exercise.style && !exercise.style.ok) {
    const files = exercise.style.unformatted.map((file) => prefix + file);
    const worth =
      exercise.style.max_score > 0
        ? ` (${points(exercise.style.max_score)} style points)`
        : ' (advice only)';
    out.push(
      `  style: prettier would reformat ${files.join(', ')}${worth}: npx prettier --write ${files.join(' ')}`,
    );
  }
  out.push(`  Score: ${points(exercise.score)}/${points(exercise.max_score)} points`);
  out.push(...runsVerdict(exercise, paint));
  const mistake = mistakeSentence(exercise);
  if (mistake) out.push(`  ${mistake}`);
  const hint = stuckHint(exercise);
  if (hint) {
    out.push(`  Stuck? ${hint}`);
    if ((exercise.hints ?? []).length > 1) out.push(`  More hints: npm run hint ${exercise.id}`);
  }
  return out;
}

/** How many runs to suggest: enough for a race that loses one run in three to show up. */
export const SUGGESTED_REPEAT = 5;

/**
 * A pass is never congratulated on one run: a race can pass once and fail the next time. Runs
 * of several (the manifest's `runs`, `check --repeat`, checks of the same code merged) say in how
 * many runs it failed; a test that passed some runs and failed another is a concurrency bug.
 */
function runsVerdict(
  exercise: ExerciseResult,
  paint: (code: number, text: string) => string,
): string[] {
  const runs = exercise.runs ?? 1;
  const failed = exercise.failed_runs ?? (exercise.status === 'pass' ? 0 : runs);
  if (exercise.status === 'pass' && runs === 1)
    return [
      paint(32, '  All tests passed, in 1 run.'),
      `  Concurrency bugs can hide: a race may pass once and fail the next time. To run the tests ${SUGGESTED_REPEAT} times: npm run check -- ${exercise.id} --repeat ${SUGGESTED_REPEAT}`,
    ];
  if (exercise.status === 'pass') return [paint(32, `  All tests passed in each of ${runs} runs.`)];
  if (runs > 1 && failed < runs && exercise.tests.some(outcomeVaried))
    return [
      paint(
        31,
        `  Not every run passed: ${failed} of ${runs} runs failed. Code that passes only sometimes has a concurrency bug (a race, a missing wait, an order assumed).`,
      ),
    ];
  return runs > 1 && failed === runs ? [`  Every one of the ${runs} runs failed.`] : [];
}

/** After a test's points: how often it failed across runs, and its time when it was slow. */
function testNotes(test: TestResult): string {
  const notes: string[] = [];
  if ((test.runs ?? 1) > 1 && (test.failed_runs ?? 0) > 0)
    notes.push(`failed in ${test.failed_runs} of ${test.runs} runs`);
  if (test.duration_ms !== undefined && test.duration_ms > 1000)
    notes.push(`${(test.duration_ms / 1000).toFixed(1)} s`);
  return notes.length > 0 ? `  (${notes.join(', ')})` : '';
}

const points = (value: number) => String(Math.round(value * 100) / 100);

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n');
}
