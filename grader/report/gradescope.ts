import type { SubmittedExercise } from '../result/gradebook';
import type { ExerciseResult, ResultDocument, TestResult } from '../result/types';
import { isHidden } from '../course/visibility';

/** Gradescope's results.json (schemas/gradescope-results.schema.json). */
export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  output_format: 'text';
  visibility: 'visible';
  stdout_visibility: 'hidden';
  tests: {
    name: string;
    number: string;
    score: number;
    max_score: number;
    status: 'passed' | 'failed';
    output: string;
    visibility: TestResult['visibility'];
  }[];
}

/**
 * One student's results in Gradescope's format. Each test keeps the manifest's visibility, which
 * Gradescope enforces (hidden: instructors only); the top-level output says what hidden tests are
 * worth, so nobody believes a visible 100% is the final grade. Student output stays hidden.
 */
export function gradescopeResults(
  document: ResultDocument,
  records: readonly SubmittedExercise[],
): GradescopeResults {
  const submitted = new Map(records.map((record) => [record.exercise, record.intake.submitted]));
  const tests: GradescopeResults['tests'] = [];
  const lines: string[] = [];
  for (const exercise of document.exercises) {
    lines.push(...overview(exercise, submitted.get(exercise.id) ?? true));
    exercise.tests.forEach((test, index) => {
      tests.push({
        name: `${exercise.id} ${test.name}`,
        number: `${exercise.id}.${index + 1}`,
        score: test.score,
        max_score: test.max_score,
        status: test.status === 'pass' ? 'passed' : 'failed',
        output: testOutput(test),
        visibility: test.visibility,
      });
    });
  }
  const executionMs = document.exercises.reduce((sum, exercise) => sum + exercise.duration_ms, 0);
  return {
    score: document.score,
    execution_time: Math.round(executionMs / 100) / 10,
    output: lines.join('\n'),
    output_format: 'text',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests,
  };
}

function overview(exercise: ExerciseResult, submitted: boolean): string[] {
  const out = [`${exercise.id} ${exercise.title}: ${exercise.score}/${exercise.max_score} points`];
  if (!submitted) out.push(`  ${exercise.message ?? 'not submitted'}`);
  else if (!exercise.compile.ok) {
    out.push('  Your code does not compile, so no test ran:');
    for (const d of exercise.compile.diagnostics)
      out.push(`    ${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`);
  }
  const hidden = exercise.tests.filter(isHidden);
  if (hidden.length > 0) {
    const points = hidden.reduce((sum, test) => sum + test.max_score, 0);
    out.push(
      `  ${hidden.length} of its tests (${points} points) are not visible yet; they count in the score and appear when the course shows them.`,
    );
  }
  return out;
}

function testOutput(test: TestResult): string {
  if (test.status === 'pass') return '';
  const parts = [test.message ?? ''];
  if (test.location)
    parts.push(`at ${test.location.file}:${test.location.line}:${test.location.column}`);
  if (test.hint) parts.push(`hint: ${test.hint}`);
  return parts.filter(Boolean).join('\n');
}
