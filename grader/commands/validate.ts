import { readCourse } from '../course/load';
import { promiseProblems } from '../course/promises';
import { equivalentProblems } from '../mutate/check-equivalents';
import { graderRoot, displayPath } from '../paths';
import { formatProblem } from '../schemas';
import { readDesigns, readVariants } from '../verify/variants';
import { EXIT, Io } from '../io';

/**
 * `grader validate`: every manifest, the promises its tests check, and every known-wrong and
 * also-correct declaration, checked by schema and rules.
 */
export function validate(io: Io, root = graderRoot): number {
  const { course, problems } = readCourse(root);
  for (const exercise of course.exercises) {
    problems.push(...promiseProblems(exercise, displayPath(exercise.manifestPath, root)));
    problems.push(...readVariants(course, exercise).problems);
    problems.push(...readDesigns(course, exercise).problems);
    problems.push(...equivalentProblems(course, exercise));
  }
  if (problems.length === 0) {
    io.out(`${course.exercises.length} exercises, all manifests valid.\n`);
    return EXIT.ok;
  }
  io.err(
    `${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`,
  );
  return EXIT.failed;
}
