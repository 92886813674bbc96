import * as fs from 'fs';
import * as path from 'path';
import { exercisesDir, manifestPath } from '../course/layout';
import type { Course, Exercise, ManifestTest } from '../course/types';
import { courseRoot } from '../paths';
import { listFiles } from './archive';

// The student copy, as nbgrader's generate_assignment and Otter's assign build it: what students
// edit and what runs their work, nothing that shows how it is graded beyond the visible tests.
//
// Exercises come from the course (`course.root`); the grader, schemas and configuration come from
// the repository that holds this grader (`toolRoot`, the same folder in a normal course).

export const TEMPLATES = path.join(__dirname, 'templates');

/** The released package.json's `npm test`: the copy proves its own starters run (student-self-test.ts). */
export const STUDENT_TEST_SCRIPT = 'jest --config grader/release/student-jest.config.ts';

/** grader/ paths left out of a release: the grader's own tests and their fixture courses. */
const GRADER_EXCLUDED =
  /(^|\/)(test|tests|fixtures|__fixtures__|__snapshots__|__tests__)\/|\.test\.ts$/;
/** Top-level configuration copied as it is, when present. */
const CONFIG_FILES = [
  'package-lock.json',
  'jest.config.ts',
  '.gitignore',
  '.prettierrc.json',
  '.prettierignore',
  '.editorconfig',
  '.gitattributes',
  '.npmrc',
  '.nvmrc',
];
/** docs/ pages for instructors only: writing exercises (solutions, known-wrong variants), grading a class. */
const AUTHOR_DOCS = new Set(['authoring.md', 'grading.md']);
/** Scripts that need what a release leaves out (solutions, hidden tests). */
const INSTRUCTOR_SCRIPT = /\b(verify|release|grade|merge|solutions?)\b/;

export interface BuiltRelease {
  /** Every file written, relative to the output folder. */
  files: string[];
  hiddenTestsRemoved: number;
  warnings: string[];
}

export function buildRelease(course: Course, out: string, toolRoot = courseRoot): BuiltRelease {
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
    hiddenTestsRemoved += exercise.tests.filter((test) => test.visibility !== 'visible').length;
    if (!exercise.tests.some((test) => test.visibility === 'visible'))
      warnings.push(
        `${exercise.id} has no visible tests: in the student copy \`npm run check ${exercise.id}\` runs nothing, so it cannot fail on the starter.`,
      );
  }

  for (const relative of listFiles(path.join(toolRoot, 'grader'))) {
    if (!GRADER_EXCLUDED.test(relative))
      copy(path.join(toolRoot, 'grader', relative), `grader/${relative}`);
  }
  for (const relative of listFiles(path.join(toolRoot, 'schemas')))
    copy(path.join(toolRoot, 'schemas', relative), `schemas/${relative}`);
  if (fs.existsSync(path.join(toolRoot, 'docs'))) {
    for (const relative of listFiles(path.join(toolRoot, 'docs'))) {
      if (!AUTHOR_DOCS.has(relative))
        copy(path.join(toolRoot, 'docs', relative), `docs/${relative}`);
    }
  }
  for (const name of CONFIG_FILES) {
    if (fs.existsSync(path.join(toolRoot, name))) copy(path.join(toolRoot, name), name);
  }
  const packageJson = JSON.parse(fs.readFileSync(path.join(toolRoot, 'package.json'), 'utf8'));
  write('package.json', JSON.stringify(studentPackageJson(packageJson), null, 2) + '\n');
  write(
    'tsconfig.json',
    studentTsconfig(fs.readFileSync(path.join(toolRoot, 'tsconfig.json'), 'utf8')),
  );
  write('README.md', studentReadme(course, packageJson.description ?? ''));
  copy(path.join(TEMPLATES, 'grade.yml'), '.github/workflows/grade.yml');
  if (!files.includes('.gitignore')) write('.gitignore', 'node_modules/\n.grader/\n');
  return { files: files.sort(), hiddenTestsRemoved, warnings };
}

/**
 * The manifest students get: hidden tests keep their points, visibility and time limit, so the
 * grader can say how much is still to be graded, but not their names or hints, which would tell
 * what they check. They are numbered as `redactHidden` numbers them in results.
 */
export function studentManifest<T extends { tests: ManifestTest[] }>(manifest: T): T {
  let hiddenNumber = 0;
  return {
    ...manifest,
    tests: manifest.tests.map((test): ManifestTest => {
      if (test.visibility === 'visible') return test;
      hiddenNumber++;
      return {
        name: `hidden test ${hiddenNumber}`,
        points: test.points,
        visibility: test.visibility,
        ...(test.timeoutMs !== undefined ? { timeoutMs: test.timeoutMs } : {}),
      };
    }),
  };
}

export function studentPackageJson(packageJson: {
  scripts?: Record<string, string>;
  [key: string]: unknown;
}): Record<string, unknown> {
  const scripts: Record<string, string> = {};
  for (const [name, command] of Object.entries(packageJson.scripts ?? {})) {
    if (name === 'test' || INSTRUCTOR_SCRIPT.test(name) || INSTRUCTOR_SCRIPT.test(command))
      continue;
    scripts[name] = command;
  }
  scripts.test = STUDENT_TEST_SCRIPT;
  return { ...packageJson, scripts };
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

export function studentReadme(course: Course, description: string): string {
  const rows = course.exercises.map((exercise: Exercise) => {
    const hidden = exercise.tests.filter((test) => test.visibility !== 'visible');
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
export function sourceFolders(course: Course, toolRoot = courseRoot): string[] {
  return [
    exercisesDir(course.root),
    path.join(toolRoot, 'grader'),
    path.join(toolRoot, 'schemas'),
    path.join(toolRoot, 'docs'),
  ];
}
