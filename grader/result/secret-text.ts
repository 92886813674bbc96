import * as fs from 'fs';
import * as path from 'path';
import { hiddenTestsDir, solutionsDir, visibleTestsDir } from '../course/layout';
import { hiddenTitles } from '../course/scan-tests';
import type { Exercise } from '../course/types';
import type { ExerciseResult } from './types';
import { shownToStudent } from '../course/visibility';

// Graded code can read its exercise's hidden tests while they run it (they must be on disk to
// run), and without a sandbox the solutions too. What it prints or throws reaches the student in
// messages and output, so every such text is checked before it is kept: one line of a hidden
// test or solution (one a student could not know from the starter and the visible tests), or a
// hidden test's title, and the whole text is replaced by a notice.

export const WITHHELD =
  '[withheld: this text quoted hidden tests or the solution, which graded code must not reveal]';

/** Lines this short, or without a letter, are too common to tell anything. */
const MIN_LINE = 20;

type SecretFilter = (text: string) => string;

export function secretFilter(exercise: Exercise, graderRoot: string): SecretFilter {
  const linesOf = (file: string) =>
    fs.existsSync(file)
      ? fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line.length >= MIN_LINE && /[A-Za-z]/.test(line))
      : [];
  const filesIn = (dir: string) =>
    fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : [];
  const known = new Set(
    [
      ...exercise.files.map((file) => path.join(exercise.dir, file)),
      ...filesIn(visibleTestsDir(exercise.dir)),
    ].flatMap(linesOf),
  );
  const solution = path.join(solutionsDir(graderRoot), exercise.folder);
  const secretLines = new Set(
    [
      ...filesIn(hiddenTestsDir(exercise.dir)),
      ...exercise.files.map((file) => path.join(solution, file)),
    ]
      .flatMap(linesOf)
      .filter((line) => !known.has(line)),
  );
  const titles = hiddenTitles(exercise);
  if (secretLines.size === 0 && titles.length === 0) return (text) => text;
  return (text) => {
    if (titles.some((title) => text.includes(title))) return WITHHELD;
    const quotes = text.split('\n').some((line) => secretLines.has(line.trim()));
    return quotes ? WITHHELD : text;
  };
}

/** The result with every text graded code could have written passed through the filter. */
export function withoutSecrets(result: ExerciseResult, filter: SecretFilter): ExerciseResult {
  const keep = (text: string | undefined) => (text === undefined ? undefined : filter(text));
  return {
    ...result,
    message: keep(result.message),
    output: keep(result.output),
    tests: result.tests.map((test) =>
      shownToStudent(test) ? { ...test, message: keep(test.message) } : test,
    ),
  };
}
