import * as fs from 'fs';
import * as path from 'path';
import { hiddenTestsDir, mistakeBookPath, solutionsDir } from '../course/layout';
import type { Exercise } from '../course/types';
import { isHidden } from '../course/visibility';

/** What the hidden-text filter keeps from students. */
export interface SecretSources {
  /** The texts of the exercise's hidden/ (the mistake book less its features) and the solution. */
  texts: string[];
  /** The lines hidden tests printed for known mistakes, as the mistake book records them. */
  recordedLines: string[];
}

/**
 * verify records in the mistake book (hidden/mistakes.json) how each known-wrong solution failed:
 * the first line of every failing test's message, visible and hidden tests alike. Those lines are
 * built at run time from pieces (a visible helper's template, the test's words, testkit's "worker
 * 8 failed: ", the grader's "hung: stopped after 2.6 s ...", the student's own error, the numbers
 * of a run), and their 20-letter runs across the joins are in no public file. Read as fragments,
 * the book withheld the very messages it records: a lock that loses updates was told "withheld"
 * by ex03's visible counting test. So the book's failure features are not a source of fragments
 * (the hidden tests' and the solution's own text are); what hidden tests printed is withheld when
 * printed as written.
 */
export function secretSources(exercise: Exercise, courseRoot: string): SecretSources {
  const book = mistakeBookPath(exercise.dir);
  const solution = path.join(solutionsDir(courseRoot), exercise.folder);
  const { described, recordedLines } = splitBook(read(book), exercise);
  return {
    texts: [
      ...filesIn(hiddenTestsDir(exercise.dir)).map((file) =>
        file === book ? described : read(file),
      ),
      ...exercise.files.map((file) => read(path.join(solution, file))),
    ],
    recordedLines,
  };
}

/**
 * The book without its failure features (the mistakes' names, descriptions and hints stay secret
 * text), and the observed lines of hidden tests in it (`value|<test>|<first line>` and
 * `diff|<test>|<line>`, result/mistakes.ts). A book that does not parse is secret text whole.
 */
function splitBook(
  text: string,
  exercise: Exercise,
): { described: string; recordedLines: string[] } {
  const hidden = new Set(exercise.tests.filter(isHidden).map((test) => test.name));
  try {
    const book = JSON.parse(text) as { signatures: { features: Record<string, number> }[] };
    const lines = book.signatures
      .flatMap((signature) => Object.keys(signature.features))
      .map((feature) => feature.split('|'))
      .filter(([kind]) => kind === 'value' || kind === 'diff')
      .map(([, test, ...line]) => ({ hidden: hidden.has(test), line: line.join('|') }));
    // A line a visible test printed too ("could not load the code under test:") is the student's.
    const shown = new Set(lines.filter((each) => !each.hidden).map((each) => each.line));
    const recordedLines = lines
      .filter((each) => each.hidden && !shown.has(each.line))
      .map((each) => each.line);
    for (const signature of book.signatures) signature.features = {};
    return { described: JSON.stringify(book, null, 2), recordedLines };
  } catch {
    return { described: text, recordedLines: [] };
  }
}

/** A file's text; '' for a folder or a missing file. */
export const read = (file: string) =>
  fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : '';
/** The entries of a folder, as paths; none when it is missing. */
export const filesIn = (dir: string) =>
  fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : [];
