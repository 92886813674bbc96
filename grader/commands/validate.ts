import { readCourse } from '../course/load';
import { courseRoot } from '../paths';
import { formatProblem } from '../schemas';
import { readVariants } from '../verify/variants';
import { EXIT, Io } from './io';

/** `grader validate`: every manifest and known-wrong declaration, checked by schema and rules. */
export function validate(io: Io, root = courseRoot): number {
  const { course, problems } = readCourse(root);
  for (const exercise of course.exercises)
    problems.push(...readVariants(course, exercise).problems);
  if (problems.length === 0) {
    io.out(`${course.exercises.length} exercises, all manifests valid.\n`);
    return EXIT.ok;
  }
  io.err(
    `${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`,
  );
  return EXIT.failed;
}
