import * as fs from 'fs';
import * as path from 'path';
import { solutionDir } from '../course/layout';
import type { Course, Exercise } from '../course/types';
import { displayPath } from '../paths';
import { Problem, schemaProblems } from '../schemas';
import {
  EQUIVALENTS_FILE,
  Equivalent,
  equivalentAgainstReport,
  equivalentAgainstSource,
} from './equivalents';
import { locatedMutants, MutationReport } from './report';
import { reportPaths } from './stryker-options';

/** solutions/<folder>/equivalent-mutants.json, or none when the exercise lists no equivalents. */
function equivalentsPath(course: Course, exercise: Exercise): string {
  return path.join(solutionDir(course, exercise), EQUIVALENTS_FILE);
}

/** The listed equivalents of an exercise (none when the file is absent), with schema problems. */
export function readEquivalents(
  course: Course,
  exercise: Exercise,
): { equivalents: Equivalent[]; problems: Problem[] } {
  const file = equivalentsPath(course, exercise);
  if (!fs.existsSync(file)) return { equivalents: [], problems: [] };
  const shown = displayPath(file, course.root);
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return {
      equivalents: [],
      problems: [{ file: shown, pointer: '', rule: 'json', message: (error as Error).message }],
    };
  }
  const problems = schemaProblems('equivalent-mutants', document, shown);
  return { equivalents: problems.length === 0 ? (document as Equivalent[]) : [], problems };
}

/** The latest mutation report of an exercise (reports/mutation/<folder>.json), if one was made. */
function readReport(course: Course, exercise: Exercise): MutationReport | undefined {
  const file = path.join(course.root, reportPaths(exercise.folder).json);
  return fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as MutationReport)
    : undefined;
}

/**
 * For `grader validate`: every listed equivalent names a mutant of the latest report that the
 * tests did not detect; without a report, it names text that is in the solution file.
 */
export function equivalentProblems(course: Course, exercise: Exercise): Problem[] {
  const { equivalents, problems } = readEquivalents(course, exercise);
  const shown = displayPath(equivalentsPath(course, exercise), course.root);
  const report = readReport(course, exercise);
  const mutants = report ? locatedMutants(report) : undefined;
  equivalents.forEach((equivalent, index) => {
    const source = path.join(solutionDir(course, exercise), equivalent.file);
    const found = mutants
      ? equivalentAgainstReport(equivalent, mutants)
      : equivalentAgainstSource(
          equivalent,
          fs.existsSync(source) ? fs.readFileSync(source, 'utf8') : undefined,
        );
    if (found) problems.push({ file: shown, pointer: `/${index}`, ...found });
  });
  return problems;
}
