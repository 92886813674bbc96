import * as fs from 'fs';
import * as path from 'path';
import { displayPath } from '../paths';
import { Problem, SchemaError, schemaProblems } from '../schemas';
import {
  exercisesDir,
  hiddenTestsDir,
  manifestPath,
  solutionsDir,
  visibleTestsDir,
} from './layout';
import { testFilesIn, testTitlesIn } from './scan-tests';
import { testCodeProblems } from './test-code-rules';
import type { Course, Exercise, Manifest, TestSpec } from './types';
import { isHidden } from './visibility';

/**
 * Reads every manifest under exercises/ in two stages, as changesets does: the JSON Schema
 * for shape, then rules for the facts that span files. Returns all problems, not the first.
 */
export function readCourse(root: string): { course: Course; problems: Problem[] } {
  const problems: Problem[] = [];
  const exercises: Exercise[] = [];
  const folders = fs.existsSync(exercisesDir(root))
    ? fs
        .readdirSync(exercisesDir(root), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  for (const folder of folders) {
    const dir = path.join(exercisesDir(root), folder);
    const file = manifestPath(dir);
    const shown = displayPath(file, root);
    if (!fs.existsSync(file)) {
      problems.push({
        file: shown,
        pointer: '',
        rule: 'manifest-exists',
        message: 'missing exercise.json',
      });
      continue;
    }
    let manifest: unknown;
    try {
      manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push({
        file: shown,
        pointer: '',
        rule: 'json',
        message: `not valid JSON: ${(error as Error).message}`,
      });
      continue;
    }
    const shapeProblems = schemaProblems('exercise', manifest, shown);
    problems.push(...shapeProblems);
    if (shapeProblems.length > 0) continue;
    const exercise = deriveExercise(manifest as Manifest, folder, dir, file);
    problems.push(...exerciseRules(exercise, root, shown));
    exercises.push(exercise);
  }
  problems.push(...courseRules(exercises, root));
  return { course: { root, exercises }, problems };
}

export function loadCourse(root: string): Course {
  const { course, problems } = readCourse(root);
  if (problems.length > 0) throw new SchemaError(problems);
  return course;
}

function deriveExercise(manifest: Manifest, folder: string, dir: string, file: string): Exercise {
  const locations = new Map<string, string>();
  for (const testFile of [
    ...testFilesIn(visibleTestsDir(dir)),
    ...testFilesIn(hiddenTestsDir(dir)),
  ]) {
    for (const title of testTitlesIn(testFile))
      if (!locations.has(title)) locations.set(title, testFile);
  }
  const tests: TestSpec[] = manifest.tests.map((test) => ({
    ...test,
    timeoutMs: test.timeoutMs ?? manifest.timeoutMs,
    file: locations.get(test.name),
  }));
  return { ...manifest, tests, folder, dir, manifestPath: file };
}

function exerciseRules(exercise: Exercise, root: string, shown: string): Problem[] {
  const problems: Problem[] = [];
  const add = (pointer: string, rule: string, message: string) =>
    problems.push({ file: shown, pointer, rule, message });

  if (exercise.folder !== `${exercise.id}-${exercise.slug}`) {
    add(
      '/slug',
      'folder-name',
      `the folder must be named "${exercise.id}-${exercise.slug}", found "${exercise.folder}"`,
    );
  }
  const solution = path.join(solutionsDir(root), exercise.folder);
  exercise.files.forEach((name, index) => {
    if (!fs.existsSync(path.join(exercise.dir, name))) {
      add(
        `/files/${index}`,
        'file-exists',
        `starter file ${displayPath(path.join(exercise.dir, name), root)} does not exist`,
      );
    }
    // A released student copy has no solutions/ at all; only a course that has them must be complete.
    if (fs.existsSync(solutionsDir(root)) && !fs.existsSync(path.join(solution, name))) {
      add(
        `/files/${index}`,
        'file-exists',
        `solution file ${displayPath(path.join(solution, name), root)} does not exist`,
      );
    }
  });

  const points =
    exercise.tests.reduce((sum, test) => sum + test.points, 0) + (exercise.stylePoints ?? 0);
  if (Math.abs(points - exercise.points) > 1e-9) {
    add(
      '/points',
      'points-add-up',
      `points is ${exercise.points} but the tests and style points add up to ${points}`,
    );
  }

  const seen = new Set<string>();
  const hiddenPresent = fs.existsSync(hiddenTestsDir(exercise.dir));
  exercise.tests.forEach((test, index) => {
    const pointer = `/tests/${index}`;
    if (seen.has(test.name))
      add(`${pointer}/name`, 'unique-test', `test "${test.name}" is listed twice`);
    seen.add(test.name);
    const expectedDir = isHidden(test)
      ? hiddenTestsDir(exercise.dir)
      : visibleTestsDir(exercise.dir);
    if (!test.file) {
      if (!isHidden(test) || hiddenPresent) {
        add(
          `${pointer}/name`,
          'test-exists',
          `no test titled "${test.name}" in ${displayPath(expectedDir, root)}/*.test.ts`,
        );
      }
    } else if (path.dirname(test.file) !== expectedDir) {
      add(
        `${pointer}/visibility`,
        'test-visibility',
        `"${test.name}" is ${test.visibility} but lives in ${displayPath(test.file, root)}; ${test.visibility} tests belong in ${displayPath(expectedDir, root)}/`,
      );
    }
  });
  for (const testFile of [
    ...testFilesIn(visibleTestsDir(exercise.dir)),
    ...testFilesIn(hiddenTestsDir(exercise.dir)),
  ]) {
    for (const title of testTitlesIn(testFile)) {
      if (!seen.has(title)) {
        add(
          '/tests',
          'test-in-manifest',
          `${displayPath(testFile, root)} defines "${title}", which the manifest does not list`,
        );
      }
    }
  }
  problems.push(...testCodeProblems(exercise, root, shown));
  return problems;
}

function courseRules(exercises: Exercise[], root: string): Problem[] {
  const problems: Problem[] = [];
  for (const key of ['id', 'slug'] as const) {
    const owners = new Map<string, Exercise>();
    for (const exercise of exercises) {
      const first = owners.get(exercise[key]);
      if (first) {
        problems.push({
          file: displayPath(exercise.manifestPath, root),
          pointer: `/${key}`,
          rule: `unique-${key}`,
          message: `${key} "${exercise[key]}" is also used by ${displayPath(first.manifestPath, root)}`,
        });
      } else owners.set(exercise[key], exercise);
    }
  }
  return problems;
}
