import * as fs from 'fs';
import * as path from 'path';
import { alsoCorrectDir, solutionDir, wrongVariantsDir } from '../course/layout';
import type { Course, Exercise } from '../course/types';
import { displayPath } from '../paths';
import { Problem, schemaProblems } from '../schemas';
import { applyPatch } from './patch';
import { isHidden } from '../course/visibility';

export interface Variant {
  name: string;
  dir: string;
  mistake: string;
  caughtBy: string[];
  /** Every student file of the variant: the solution's, with the variant's diffs applied. */
  files: Record<string, string>;
}

/** A variant changes a student file through `<file>.diff`, a unified diff against the solution. */
const DIFF_SUFFIX = '.diff';

/** A correct design other than the reference: it must get full marks in every run. */
export interface Design {
  name: string;
  dir: string;
  design: string;
  differs: string;
  /** verify: proven by `grader verify` only, not in `npm test` (schemas/design.schema.json). */
  provenBy?: 'npm-test' | 'verify';
  files: Record<string, string>;
}

/** The known-wrong solutions of an exercise, with the problems found in their declarations. */
export function readVariants(
  course: Course,
  exercise: Exercise,
): { variants: Variant[]; problems: Problem[] } {
  const tests = new Map(exercise.tests.map((test) => [test.name, test]));
  const { found, problems } = readDeclared(
    course,
    exercise,
    wrongVariantsDir(course, exercise),
    { schema: 'variant', wholeFiles: false },
    (folder, problems) => {
      const { caughtBy } = folder.declaration as Pick<Variant, 'caughtBy'>;
      caughtBy.forEach((testName, index) => {
        if (!tests.has(testName)) {
          problems.push({
            file: folder.shown,
            pointer: `/caughtBy/${index}`,
            rule: 'test-exists',
            message: `no test "${testName}" in ${exercise.id}'s manifest`,
          });
        }
      });
      if (!caughtBy.some((testName) => tests.has(testName) && isHidden(tests.get(testName)!))) {
        problems.push({
          file: folder.shown,
          pointer: '/caughtBy',
          rule: 'caught-by-hidden',
          message: 'at least one hidden test must catch a known-wrong solution',
        });
      }
    },
  );
  const variants = found.map(({ name, dir, declaration, files }) => ({
    name,
    dir,
    ...(declaration as Pick<Variant, 'mistake' | 'caughtBy'>),
    files,
  }));
  return { variants, problems };
}

/**
 * The correct designs other than the reference (solutions/<folder>/also-correct/<design>/): each
 * holds a variant.json naming the design, and diffs of student files or whole student files.
 */
export function readDesigns(
  course: Course,
  exercise: Exercise,
): { designs: Design[]; problems: Problem[] } {
  const { found, problems } = readDeclared(course, exercise, alsoCorrectDir(course, exercise), {
    schema: 'design',
    wholeFiles: true,
  });
  const designs = found.map(({ name, dir, declaration, files }) => ({
    name,
    dir,
    ...(declaration as Pick<Design, 'design' | 'differs' | 'provenBy'>),
    files,
  }));
  return { designs, problems };
}

/**
 * Every declared folder under `root` with its student files, and the problems found: `check`
 * looks at a folder's declaration before its files are read, so each folder's problems stay
 * together in that order.
 */
function readDeclared(
  course: Course,
  exercise: Exercise,
  root: string,
  options: { schema: 'variant' | 'design'; wholeFiles: boolean },
  check: (folder: DeclaredFolder, problems: Problem[]) => void = () => undefined,
): { found: (DeclaredFolder & { files: Record<string, string> })[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const found = declaredFolders(course, exercise, root, options.schema, problems).map((folder) => {
    check(folder, problems);
    const files = changedFiles(course, exercise, folder.dir, options, problems);
    return { ...folder, files };
  });
  return { found, problems };
}

/** A problem with a whole file (a missing declaration, a stray file, a diff that no longer fits). */
const wholeFileProblem = (file: string, rule: string, message: string): Problem => ({
  file,
  pointer: '',
  rule,
  message,
});

interface DeclaredFolder {
  name: string;
  dir: string;
  shown: string;
  declaration: unknown;
}

/** The sub-folders of `root` whose variant.json exists and fits the schema. */
function declaredFolders(
  course: Course,
  exercise: Exercise,
  root: string,
  schema: 'variant' | 'design',
  problems: Problem[],
): DeclaredFolder[] {
  if (!fs.existsSync(root)) return [];
  const folders: DeclaredFolder[] = [];
  for (const name of fs.readdirSync(root).sort()) {
    const dir = path.join(root, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    const file = path.join(dir, 'variant.json');
    const shown = displayPath(file, course.root);
    if (!fs.existsSync(file)) {
      problems.push(wholeFileProblem(shown, 'variant-declared', 'missing variant.json'));
      continue;
    }
    const declaration: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    const shape = schemaProblems(schema, declaration, shown);
    problems.push(...shape);
    if (shape.length === 0) folders.push({ name, dir, shown, declaration });
  }
  return folders;
}

/** Every student file: the solution's, with the folder's diffs applied or whole files put in. */
function changedFiles(
  course: Course,
  exercise: Exercise,
  dir: string,
  options: { wholeFiles: boolean },
  problems: Problem[],
): Record<string, string> {
  const entries = fs.readdirSync(dir).filter((entry) => entry !== 'variant.json');
  const files: Record<string, string> = {};
  for (const file of exercise.files) {
    const solution = path.join(solutionDir(course, exercise), file);
    if (fs.existsSync(solution)) files[file] = fs.readFileSync(solution, 'utf8');
  }
  const allowed = exercise.files.map((f) => f + DIFF_SUFFIX);
  if (options.wholeFiles) allowed.push(...exercise.files);
  for (const entry of entries) {
    const full = path.join(dir, entry);
    const shown = displayPath(full, course.root);
    if (!allowed.includes(entry)) {
      problems.push(
        wholeFileProblem(
          shown,
          'variant-files',
          `this folder holds only ${options.wholeFiles ? 'student files or their diffs' : 'diffs of student files'} (${allowed.join(', ')})`,
        ),
      );
      continue;
    }
    if (!entry.endsWith(DIFF_SUFFIX)) {
      files[entry] = fs.readFileSync(full, 'utf8');
      continue;
    }
    const target = entry.slice(0, -DIFF_SUFFIX.length);
    try {
      files[target] = applyPatch(files[target] ?? '', fs.readFileSync(full, 'utf8'));
    } catch (error) {
      problems.push(
        wholeFileProblem(
          shown,
          'variant-applies',
          `no longer fits the solution: ${(error as Error).message}`,
        ),
      );
    }
  }
  if (entries.length === 0) {
    problems.push({
      file: displayPath(path.join(dir, 'variant.json'), course.root),
      pointer: '',
      rule: 'variant-files',
      message: 'the folder changes no file',
    });
  }
  return files;
}
