import * as fs from 'fs';
import * as path from 'path';
import { hiddenTestsDir, mistakeBookPath, solutionsDir } from '../course/layout';
import type { Exercise } from '../course/types';
import { shownToStudent } from '../course/visibility';

/** What the hidden-text filter keeps from students, by where it comes from. */
export interface SecretSources {
  /** The files of the exercise's hidden/ other than the mistake book, and the solution's files. */
  files: string[];
  /** The mistake book less what it records of tests shown to the student. */
  recorded: string;
  /** The messages (and other features) the book records of tests shown to the student. */
  shownFailures: string[];
}

/**
 * verify records in the mistake book (hidden/mistakes.json) how each known-wrong solution failed,
 * visible tests included. A visible test's message there is what a student with that mistake is
 * shown, built at run time from public pieces: a visible helper's template, the test's words,
 * testkit's "worker 8 failed: ", the student's own error. Its runs across those joins are in no
 * public file, so with the whole book secret the filter withheld the very messages it records (a
 * lock that loses updates was told "withheld" by ex03's visible counting test), and so did a hidden
 * test's message in the book built by the same helper around the same error. The book's record of
 * hidden tests stays secret (their values and cases are in no other file), less what it shares with
 * its record of visible tests.
 */
export function secretSources(exercise: Exercise, courseRoot: string): SecretSources {
  const book = mistakeBookPath(exercise.dir);
  const solution = path.join(solutionsDir(courseRoot), exercise.folder);
  const { recorded, shownFailures } = splitBook(read(book), exercise);
  return {
    files: [
      ...filesIn(hiddenTestsDir(exercise.dir))
        .filter((file) => file !== book)
        .map(read),
      ...exercise.files.map((file) => read(path.join(solution, file))),
    ],
    recorded,
    shownFailures,
  };
}

/**
 * The book's features (`shape|<test>|<first line>`, `verdict|<kind>|<test>`, result/mistakes.ts)
 * split by whether their test is shown to the student. A book that does not parse stays secret.
 */
function splitBook(text: string, exercise: Exercise): Omit<SecretSources, 'files'> {
  const shown = new Set(exercise.tests.filter((test) => shownToStudent(test)).map((t) => t.name));
  const ofShownTest = (feature: string) => {
    const [kind, second, ...rest] = feature.split('|');
    return shown.has(kind === 'verdict' ? rest.join('|') : second);
  };
  try {
    const book = JSON.parse(text) as { signatures: { features: Record<string, number> }[] };
    const shownFailures: string[] = [];
    for (const signature of book.signatures) {
      const features = Object.keys(signature.features);
      shownFailures.push(...features.filter(ofShownTest));
      signature.features = Object.fromEntries(
        features.filter((feature) => !ofShownTest(feature)).map((feature) => [feature, 1]),
      );
    }
    return { recorded: JSON.stringify(book, null, 2), shownFailures };
  } catch {
    return { recorded: text, shownFailures: [] };
  }
}

/** A file's text; '' for a folder or a missing file. */
export const read = (file: string) =>
  fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : '';
/** The entries of a folder, as paths; none when it is missing. */
export const filesIn = (dir: string) =>
  fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : [];
