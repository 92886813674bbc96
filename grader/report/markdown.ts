import type { ExerciseResult, ResultDocument, TestResult } from '../result/types';
import { isHidden } from '../course/visibility';
import { mistakeSentence, stuckHint } from './failure-advice';

// The job summary a student sees on the run's page ($GITHUB_STEP_SUMMARY accepts GitHub-flavoured
// Markdown). Render a redacted document: whatever is in it is shown.

export interface MarkdownOptions {
  /** Turns a subject-relative path into one relative to the repository root, e.g. "exercises/". */
  pathPrefix?: string;
  /** Heading of the summary (default "Grading"). */
  heading?: string;
}

const STATUS: Record<TestResult['status'], string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  timeout: '⏱️ timed out',
  skipped: '⏭️ skipped',
};

const EXERCISE_STATUS: Record<ExerciseResult['status'], string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  error: '🛑 error',
};

export function renderMarkdown(document: ResultDocument, options: MarkdownOptions = {}): string {
  const prefix = options.pathPrefix ?? '';
  const out: string[] = [
    `## ${options.heading ?? 'Grading'}: ${points(document.score)}/${points(document.max_score)} points`,
    '',
    '| Exercise | Points | Tests passed | Status |',
    '| --- | ---: | ---: | --- |',
  ];
  for (const exercise of document.exercises) {
    const passed = exercise.tests.filter((test) => test.status === 'pass').length;
    out.push(
      row([
        `${exercise.id} ${exercise.title}`,
        `${points(exercise.score)}/${points(exercise.max_score)}`,
        `${passed}/${exercise.tests.length}`,
        EXERCISE_STATUS[exercise.status],
      ]),
    );
  }
  const absent = document.exercises.reduce(
    (sum, exercise) => sum + exercise.hidden.absent_count,
    0,
  );
  if (absent > 0) {
    const absentPoints = document.exercises.reduce(
      (sum, exercise) => sum + exercise.hidden.absent_points,
      0,
    );
    out.push(
      '',
      `Not run here: ${absent} hidden test${absent === 1 ? '' : 's'} worth ${points(absentPoints)} points, run when your work is graded. Passing every test above does not guarantee them.`,
    );
  }
  for (const exercise of document.exercises) out.push('', ...renderExercise(exercise, prefix));
  return out.join('\n').trimEnd() + '\n';
}

function renderExercise(exercise: ExerciseResult, prefix: string): string[] {
  const out = [
    `### ${EXERCISE_STATUS[exercise.status].split(' ')[0]} ${inline(`${exercise.id} ${exercise.title}`)}: ${points(exercise.score)}/${points(exercise.max_score)} points`,
    '',
  ];
  if (!exercise.compile.ok) {
    out.push('The code does not compile, so no test ran. Fix these first:', '');
    out.push(
      fence(
        exercise.compile.diagnostics
          .map((d) => `${prefix}${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`)
          .join('\n'),
      ),
      '',
    );
  } else if (exercise.status === 'error' && exercise.message) {
    out.push(fence(exercise.message), '');
  }
  if (exercise.tests.length > 0) {
    out.push('| Test | Status | Points |', '| --- | --- | ---: |');
    for (const test of exercise.tests) {
      out.push(
        row([test.name, STATUS[test.status], `${points(test.score)}/${points(test.max_score)}`]),
      );
    }
    out.push('');
  }
  if (exercise.hidden.absent_count > 0) {
    // Not "+ 7 hidden tests": a line starting with "+ " (or "- ", "* ", "1. ") is a list item.
    out.push(
      `Not run here: ${exercise.hidden.absent_count} hidden test${exercise.hidden.absent_count === 1 ? '' : 's'} worth ${points(exercise.hidden.absent_points)} points, run when your work is graded.`,
      '',
    );
  }
  const failures = exercise.compile.ok
    ? exercise.tests.filter((test) => test.status === 'fail' || test.status === 'timeout')
    : [];
  for (const test of failures) {
    out.push(`<details open><summary>${html(test.name)}: ${STATUS[test.status]}</summary>`, '');
    if (test.message) out.push(fence(test.message), '');
    else if (isHidden(test)) out.push('A hidden test: its name and message are not shown.', '');
    if (test.location) {
      out.push(
        `At \`${prefix}${test.location.file}:${test.location.line}:${test.location.column}\``,
        '',
      );
    }
    if (test.hint) out.push(`**Hint:** ${inline(test.hint)}`, '');
    out.push('</details>', '');
  }
  if (exercise.style && !exercise.style.ok) {
    const files = exercise.style.unformatted.map((file) => `\`${prefix}${file}\``).join(', ');
    const worth =
      exercise.style.max_score > 0
        ? `${points(exercise.style.max_score)} style points`
        : 'advice only';
    out.push(`Formatting: prettier would reformat ${files} (${worth}).`, '');
  }
  const mistake = mistakeSentence(exercise);
  if (mistake) out.push(inline(mistake), '');
  const hint = stuckHint(exercise);
  if (hint) out.push(`**Stuck?** ${inline(hint)}`, '');
  return out;
}

const points = (value: number) => String(Math.round(value * 100) / 100);

/** A table cell: pipes would split it and newlines would end the row. */
function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

function row(cells: string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** Text on one line that Markdown shows as written (no HTML, no accidental emphasis of `<`). */
function inline(text: string): string {
  return html(text).replace(/\r?\n/g, ' ');
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A fenced block longer than any backtick run inside, so a message cannot close it early. */
export function fence(text: string): string {
  const marks = '`'.repeat(Math.max(2, longestBacktickRun(text)) + 1);
  return `${marks}text\n${text.replace(/\r/g, '')}\n${marks}`;
}

/**
 * The longest run of backticks in a text, counted in one pass: a message may hold hundreds of
 * thousands of runs (an argument per run to Math.max overflows the stack).
 */
export function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let index = 0; index < text.length; index++) {
    run = text.charCodeAt(index) === 96 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}
