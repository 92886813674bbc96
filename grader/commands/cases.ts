import { findExercise } from '../course/find';
import { loadCourse } from '../course/load';
import { displayPath, graderRoot } from '../paths';
import { formatProblem } from '../schemas';
import { caseTableProblems, refreshTables, tableNames } from '../verify/case-tables';
import { EXIT, Io } from '../io';

export interface CasesOptions {
  exercises?: string[];
  refresh?: boolean;
  root?: string;
}

/**
 * `grader cases`: check that every generated case table under hidden/cases/ is what its generator
 * and the reference solution give now, and that a hidden test runs it; with --refresh, write them.
 */
export async function cases(options: CasesOptions, io: Io): Promise<number> {
  const course = loadCourse(options.root ?? graderRoot);
  const chosen = options.exercises?.length
    ? options.exercises.map((query) => findExercise(course, query))
    : course.exercises;
  let problems = 0;
  for (const exercise of chosen) {
    if (tableNames(course, exercise).length === 0) continue;
    if (options.refresh)
      for (const file of await refreshTables(course, exercise))
        io.out(`wrote ${displayPath(file, course.root)}\n`);
    const found = await caseTableProblems(course, exercise);
    problems += found.length;
    for (const problem of found) io.err(`  ${formatProblem(problem)}\n`);
    if (found.length === 0)
      io.out(`${exercise.id}: ${tableNames(course, exercise).length} case table(s) up to date\n`);
  }
  return problems === 0 ? EXIT.ok : EXIT.failed;
}
