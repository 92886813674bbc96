import { findExercise } from '../course/find';
import { loadCourse } from '../course/load';
import { courseRoot } from '../paths';
import { VariantReport, verifyExercise } from '../verify/verify';
import { EXIT, Io } from './io';

export interface VerifyOptions {
  exercises?: string[];
  runs: number;
}

/** `grader verify`: prove every exercise's tests separate right from wrong code, every run. */
export async function verify(options: VerifyOptions, io: Io): Promise<number> {
  const course = loadCourse(courseRoot);
  const chosen = options.exercises?.length
    ? options.exercises.map((query) => findExercise(course, query))
    : course.exercises;
  const reports: VariantReport[] = [];
  for (const exercise of chosen) {
    io.out(`${exercise.id} ${exercise.title}\n`);
    reports.push(
      ...(await verifyExercise(course, exercise, {
        runs: options.runs,
        onReport: (report) => io.out(formatRow(report)),
      })),
    );
  }
  const bad = reports.filter((report) => !report.ok);
  io.out(`\n${reports.length - bad.length} of ${reports.length} variants behave as expected.\n`);
  for (const report of bad) io.out(`  ${report.exercise} ${report.name}: ${report.problem}\n`);
  return bad.length === 0 ? EXIT.ok : EXIT.failed;
}

function formatRow(report: VariantReport): string {
  const runs = report.runs
    .map((run) => (run.status === 'pass' ? 'pass' : run.status === 'error' ? 'err ' : 'fail'))
    .join(' ');
  const slowest = Math.max(
    ...report.runs.flatMap((run) => run.tests.map((test) => test.duration_ms ?? 0)),
  );
  const killed =
    report.kind === 'wrong'
      ? ` caught ${report.runs.filter((run) => run.status !== 'pass').length}/${report.runs.length}`
      : '';
  return `  ${report.ok ? 'ok ' : 'BAD'} ${report.kind.padEnd(8)} ${report.name.padEnd(28)} ${runs}${killed}  slowest test ${Math.round(slowest)} ms\n`;
}
