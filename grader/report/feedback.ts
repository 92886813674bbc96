import type { SubmittedExercise } from '../result/gradebook';
import { failedRunsOf, outcomeVaried, runsOf } from '../result/runs-policy';
import type { ExerciseResult, ResultDocument, TestResult } from '../result/types';
import { shownToStudent, studentTestNames } from '../course/visibility';
import {
  hiddenFailureKinds,
  hiddenFailurePlaces,
  mistakeSentence,
  stuckHint,
} from './failure-advice';
import { longestBacktickRun } from './markdown';

// feedback.md is handed back once grades are out, so it shows in full every test whose
// visibility is visible, after_due_date or after_published; a hidden test shows only its
// verdict and points, never its name or message (as on Gradescope).

export function renderFeedback(
  document: ResultDocument,
  records: readonly SubmittedExercise[],
): string {
  const out = [
    `# Feedback: ${document.subject}`,
    '',
    `**Total: ${document.score}/${document.max_score} points**`,
    '',
    '| Exercise | Points | Result |',
    '| --- | ---: | --- |',
  ];
  const submitted = new Map(records.map((record) => [record.exercise, record.intake.submitted]));
  const unchanged = new Set(
    records.filter((record) => record.intake.unchanged).map((record) => record.exercise),
  );
  const notes = new Map(records.map((record) => [record.exercise, intakeNotes(record)]));
  for (const exercise of document.exercises) {
    out.push(
      `| ${cell(`${exercise.id} ${exercise.title}`)} | ${exercise.score}/${exercise.max_score} | ${unchanged.has(exercise.id) ? 'unchanged starter: ' : ''}${exerciseVerdict(exercise, submitted.get(exercise.id) ?? true)} |`,
    );
  }
  for (const exercise of document.exercises)
    out.push(
      '',
      ...renderExercise(exercise, submitted.get(exercise.id) ?? true, notes.get(exercise.id)),
    );
  return out.join('\n').trimEnd() + '\n';
}

function exerciseVerdict(exercise: ExerciseResult, submitted: boolean): string {
  if (!submitted) return 'not submitted';
  if (!exercise.compile.ok) return 'does not compile';
  const passed = exercise.tests.filter((test) => test.status === 'pass').length;
  return `${passed} of ${exercise.tests.length} tests passed`;
}

function renderExercise(
  exercise: ExerciseResult,
  submitted: boolean,
  notes: string[] = [],
): string[] {
  const out = [
    `## ${exercise.id} ${exercise.title}: ${exercise.score}/${exercise.max_score} points`,
    '',
  ];
  // File names are quoted as they are: capitalising a reason would misname the file.
  for (const note of notes) out.push(`Note: ${note}.`, '');
  if (!submitted) {
    out.push(
      `Not submitted, so no test ran: ${(exercise.message ?? '').replace(/^not submitted: /, '')}`,
      '',
    );
  } else if (!exercise.compile.ok) {
    out.push('Your code does not compile, so no test ran. Fix these first:', '');
    out.push(
      fence(
        exercise.compile.diagnostics
          .map((d) => `exercises/${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`)
          .join('\n'),
      ),
      '',
    );
  }
  out.push('| Test | Result | Points |', '| --- | --- | ---: |');
  const names = studentTestNames(exercise.tests, 'after-grading');
  const details: string[] = [];
  for (const [index, test] of exercise.tests.entries()) {
    const shown = shownToStudent(test, 'after-grading');
    const name = names[index];
    out.push(
      `| ${cell(name)} | ${testVerdict(test, submitted)} | ${test.score}/${test.max_score} |`,
    );
    if (shown && submitted && exercise.compile.ok && test.status !== 'pass')
      details.push(...renderFailure(test));
  }
  if (details.length > 0) out.push('', ...details.slice(0, -1));
  if (!submitted) return out;
  const places = hiddenFailurePlaces(exercise, (test) => shownToStudent(test, 'after-grading'));
  const kinds = hiddenFailureKinds(exercise, (test) => shownToStudent(test, 'after-grading'));
  const advice = [
    ...kinds.map((kind) => `A hidden test failed for ${kind}.`),
    ...places.map(
      (place) => `A hidden test failed at exercises/${place.file}:${place.line}:${place.column}.`,
    ),
    mistakeSentence(exercise),
    stuckHint(exercise) && `Stuck? ${stuckHint(exercise)}`,
  ].filter((line): line is string => Boolean(line));
  for (const line of advice) out.push('', line);
  return out;
}

function testVerdict(test: TestResult, submitted: boolean): string {
  // A test passes only if it passes every run: say how many, and when a failure came after passes.
  const runs = runsOf(test);
  const often = outcomeVaried(test) ? ` in ${failedRunsOf(test)} of ${runs} runs` : '';
  if (test.status === 'pass') return runs > 1 ? `✅ passed all ${runs} runs` : '✅ passed';
  if (test.status === 'timeout') return `⏱️ timed out${often}`;
  if (test.status === 'fail') return `❌ failed${often}`;
  return submitted ? '⏭️ not run' : 'not submitted';
}

function renderFailure(test: TestResult): string[] {
  const out = [`### ${test.status === 'timeout' ? '⏱️' : '❌'} ${test.name}`, ''];
  if (test.message) out.push(fence(test.message), '');
  if (test.location)
    out.push(
      `At exercises/${test.location.file}:${test.location.line}:${test.location.column}.`,
      '',
    );
  if (test.hint) out.push(`Hint: ${test.hint}`, '');
  return out;
}

/** A code fence longer than any run of backticks inside, so student text cannot close it. */
function fence(text: string): string {
  const marks = '`'.repeat(Math.max(2, longestBacktickRun(text)) + 1);
  return `${marks}\n${text}\n${marks}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const intakeNotes = (record: SubmittedExercise) => [
  ...(record.intake.unchanged
    ? ['this is the starter as it was handed out, unchanged: the exercise is not started']
    : []),
  ...(record.intake.files ?? []).flatMap((file) => (file.note ? [file.note] : [])),
];
