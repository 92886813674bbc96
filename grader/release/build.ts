import * as fs from 'fs';
import * as path from 'path';
import { exercisesDir, manifestPath } from '../course/layout';
import type { Course, Exercise, ManifestTest } from '../course/types';
import { graderRoot } from '../paths';
import { listFiles } from './archive';
import { STUDENT_COMMANDS, STUDENT_MARKER, STUDENT_MARKER_TEXT } from './audience';
import { starterRecord, STARTERS_FILE } from './starters';
import { studentLock } from './student-lock';
import { assertValid } from '../schemas';
import { isHidden, shownToStudent, studentTestNames } from '../course/visibility';

// The student copy, as nbgrader's generate_assignment and Otter's assign build it: what students
// edit and what runs their work, nothing that shows how it is graded beyond the visible tests.
//
// Exercises come from the course (`course.root`); the grader, schemas and configuration come from
// the repository that holds this grader (`toolRoot`, the same folder in a normal course).

export const TEMPLATES = path.join(__dirname, 'templates');

/** The released package.json's `npm test`: the copy proves its own starters run (student-self-test.ts). */
export const STUDENT_TEST_SCRIPT = 'jest --config grader/release/student-jest.config.ts';

/** grader/ paths left out of a release: the grader's own tests and fixture courses, the benchmarks. */
const GRADER_EXCLUDED =
  /^bench\/|(^|\/)(test|tests|fixtures|__fixtures__|__snapshots__|__tests__)\/|\.test\.ts$/;
/**
 * The instructor's tools, which no student command runs: grading a class, verify, mutation
 * testing, building releases, the class report. The student CLI registers none of their commands
 * (audience.ts), and release/student-copy.test.ts proves every import of what is kept resolves.
 */
const INSTRUCTOR_ONLY =
  /^(batch|verify|mutate)\/|^commands\/(cases|demo|grade|merge|release|report|validate|verify|verify-rates)\.ts$|^release\/(build|leaks|student-lock)\.ts$|^release\/templates\/|^report\/(class-insights|class-report|class-summary|csv|feedback|gradebook-csv|gradescope|verify-matrix)/;
/** devDependencies of instructor tools only (mutation testing, the class report's browser test). */
export const INSTRUCTOR_DEV_DEPENDENCIES = [
  '@sparticuz/chromium',
  '@stryker-mutator/core',
  '@stryker-mutator/jest-runner',
  '@stryker-mutator/typescript-checker',
  'playwright-core',
];
/** Top-level configuration copied as it is, when present. */
const CONFIG_FILES = [
  'jest.config.ts',
  '.gitignore',
  '.prettierrc.json',
  '.prettierignore',
  '.editorconfig',
  '.gitattributes',
  '.npmrc',
  '.nvmrc',
];
/** A script that runs the grader's CLI, and the command it names (none: the CLI itself). */
const CLI_SCRIPT = /\bgrader\/cli\.ts(?:\s+([a-z][\w-]*))?/;
/** Scripts that are student tools without being the grader: formatting their own code. */
const TOOL_SCRIPT = /^prettier\b/;

interface BuiltRelease {
  /** Every file written, relative to the output folder. */
  files: string[];
  hiddenTestsRemoved: number;
  warnings: string[];
}

export function buildRelease(course: Course, out: string, toolRoot = graderRoot): BuiltRelease {
  const files: string[] = [];
  const warnings: string[] = [];
  const write = (relative: string, data: string | Buffer) => {
    const target = path.join(out, ...relative.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, data);
    files.push(relative);
  };
  const copy = (from: string, relative: string) => write(relative, fs.readFileSync(from));

  let hiddenTestsRemoved = 0;
  for (const exercise of course.exercises) {
    for (const relative of listFiles(exercise.dir)) {
      const first = relative.split('/')[0];
      if (relative === 'exercise.json' || first === 'hidden' || first === 'node_modules') continue;
      copy(
        path.join(exercise.dir, ...relative.split('/')),
        `exercises/${exercise.folder}/${relative}`,
      );
    }
    const manifest = JSON.parse(fs.readFileSync(manifestPath(exercise.dir), 'utf8')) as {
      tests: ManifestTest[];
    };
    write(
      `exercises/${exercise.folder}/exercise.json`,
      JSON.stringify(studentManifest(manifest), null, 2) + '\n',
    );
    hiddenTestsRemoved += exercise.tests.filter(isHidden).length;
    if (!exercise.tests.some((test) => shownToStudent(test)))
      warnings.push(
        `${exercise.id} has no visible tests: in the student copy \`npm run check ${exercise.id}\` runs nothing, so it cannot fail on the starter.`,
      );
  }

  for (const relative of listFiles(path.join(toolRoot, 'grader'))) {
    if (!GRADER_EXCLUDED.test(relative) && !INSTRUCTOR_ONLY.test(relative))
      copy(path.join(toolRoot, 'grader', relative), `grader/${relative}`);
  }
  // The CLI of a copy holding this file offers the student commands only (audience.ts).
  write(STUDENT_MARKER.split(path.sep).join('/'), STUDENT_MARKER_TEXT);
  for (const relative of listFiles(path.join(toolRoot, 'schemas')))
    copy(path.join(toolRoot, 'schemas', relative), `schemas/${relative}`);
  // docs/ is the instructors' (writing exercises, grading, verify, release, hidden tests in CI:
  // how a student's code could read them). Students get none of it: their README says what they
  // need, and the leak scan refuses a copy where instructor documentation shows up.
  for (const name of CONFIG_FILES) {
    if (fs.existsSync(path.join(toolRoot, name))) copy(path.join(toolRoot, name), name);
  }
  const packageJson = JSON.parse(fs.readFileSync(path.join(toolRoot, 'package.json'), 'utf8'));
  const studentPackage = studentPackageJson(packageJson);
  write('package.json', JSON.stringify(studentPackage, null, 2) + '\n');
  const lockFile = path.join(toolRoot, 'package-lock.json');
  if (fs.existsSync(lockFile)) {
    const lock = studentLock(JSON.parse(fs.readFileSync(lockFile, 'utf8')), studentPackage);
    write('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
  }
  write(
    'tsconfig.json',
    studentTsconfig(fs.readFileSync(path.join(toolRoot, 'tsconfig.json'), 'utf8')),
  );
  write('README.md', studentReadme(course, packageJson.description ?? ''));
  copy(path.join(TEMPLATES, 'grade.yml'), '.github/workflows/grade.yml');
  // So the copy's CI can tell an exercise not yet started from one that fails (starters.ts).
  const starters = starterRecord(course);
  assertValid('starters', starters, STARTERS_FILE);
  write(STARTERS_FILE, JSON.stringify(starters, null, 2) + '\n');
  if (!files.includes('.gitignore')) write('.gitignore', 'node_modules/\n.grader/\n');
  return { files: files.sort(), hiddenTestsRemoved, warnings };
}

/**
 * The manifest students get: hidden tests keep their points, visibility and time limit, so the
 * grader can say how much is still to be graded, but not their names or hints, which would tell
 * what they check. Their names are the ones results use (course/visibility.ts).
 */
export function studentManifest<T extends { tests: ManifestTest[] }>(manifest: T): T {
  const names = studentTestNames(manifest.tests);
  return {
    ...manifest,
    tests: manifest.tests.map((test, index): ManifestTest => {
      if (shownToStudent(test)) return test;
      return {
        name: names[index],
        points: test.points,
        visibility: test.visibility,
        ...(test.timeoutMs !== undefined ? { timeoutMs: test.timeoutMs } : {}),
      };
    }),
  };
}

/**
 * The package.json students get: only their tools. A script stays when it runs the grader's CLI
 * with a student command (or with none: `npm run grader -- --help` then lists the student
 * commands) or formats code; any other (demo, bench, verify, release, ...) goes, so a new
 * instructor script never reaches students by default. `npm test` becomes the self-test.
 */
export function studentPackageJson(packageJson: {
  scripts?: Record<string, string>;
  [key: string]: unknown;
}): Record<string, unknown> {
  const scripts: Record<string, string> = {};
  for (const [name, command] of Object.entries(packageJson.scripts ?? {})) {
    if (name !== 'test' && isStudentScript(command)) scripts[name] = command;
  }
  scripts.test = STUDENT_TEST_SCRIPT;
  const devDependencies = Object.fromEntries(
    Object.entries((packageJson.devDependencies ?? {}) as Record<string, string>).filter(
      ([name]) => !INSTRUCTOR_DEV_DEPENDENCIES.includes(name),
    ),
  );
  return {
    ...packageJson,
    scripts,
    ...(packageJson.devDependencies ? { devDependencies } : {}),
  };
}

function isStudentScript(command: string): boolean {
  const cli = CLI_SCRIPT.exec(command);
  if (!cli) return TOOL_SCRIPT.test(command.trim());
  return cli[1] === undefined || (STUDENT_COMMANDS as readonly string[]).includes(cli[1]);
}

/** `@subject/` points at the student's exercises/ (for the editor), and there is no solutions/. */
export function studentTsconfig(text: string): string {
  let config: {
    compilerOptions?: { paths?: Record<string, string[]> };
    include?: string[];
  };
  try {
    config = JSON.parse(text);
  } catch {
    return text; // A tsconfig with comments is shipped as it is; it only serves the editor.
  }
  const paths = config.compilerOptions?.paths;
  if (paths?.['@subject/*']) paths['@subject/*'] = ['exercises/*'];
  if (config.include)
    config.include = config.include.filter((entry) => !/^solutions\b/.test(entry));
  return JSON.stringify(config, null, 2) + '\n';
}

function studentReadme(course: Course, description: string): string {
  const rows = course.exercises.map((exercise: Exercise) => {
    const hidden = exercise.tests.filter(isHidden);
    const title = fs.existsSync(path.join(exercise.dir, 'README.md'))
      ? `[${exercise.title}](exercises/${exercise.folder}/README.md)`
      : exercise.title;
    return `| ${exercise.id} | ${title} | \`${exercise.files.join('`, `')}\` | ${exercise.points} | ${hidden.length} |`;
  });
  return fs
    .readFileSync(path.join(TEMPLATES, 'README.md'), 'utf8')
    .replace('{{description}}', description)
    .replace('{{exercises}}', rows.join('\n'))
    .replace(/\{\{first\}\}/g, course.exercises[0]?.id ?? 'ex01');
}

/** Folders a release reads from: an output folder inside one of them would copy itself. */
export function sourceFolders(course: Course, toolRoot = graderRoot): string[] {
  return [exercisesDir(course.root), path.join(toolRoot, 'grader'), path.join(toolRoot, 'schemas')];
}
