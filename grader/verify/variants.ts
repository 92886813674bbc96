import * as fs from 'fs';
import * as path from 'path';
import { solutionDir, wrongVariantsDir } from '../course/layout';
import type { Course, Exercise } from '../course/types';
import { displayPath } from '../paths';
import { Problem, schemaProblems } from '../schemas';
import { applyPatch } from './patch';

export interface Variant {
  name: string;
  dir: string;
  mistake: string;
  caughtBy: string[];
  /** Every student file of the variant: the solution's, with the variant's diffs applied. */
  files: Record<string, string>;
}

/** A variant changes a student file through `<file>.diff`, a unified diff against the solution. */
export const DIFF_SUFFIX = '.diff';

/** The known-wrong solutions of an exercise, with the problems found in their declarations. */
export function readVariants(
  course: Course,
  exercise: Exercise,
): { variants: Variant[]; problems: Problem[] } {
  const root = wrongVariantsDir(course, exercise);
  const variants: Variant[] = [];
  const problems: Problem[] = [];
  if (!fs.existsSync(root)) return { variants, problems };
  for (const name of fs.readdirSync(root).sort()) {
    const dir = path.join(root, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    const file = path.join(dir, 'variant.json');
    const shown = displayPath(file, course.root);
    if (!fs.existsSync(file)) {
      problems.push({
        file: shown,
        pointer: '',
        rule: 'variant-declared',
        message: 'missing variant.json',
      });
      continue;
    }
    const declaration = JSON.parse(fs.readFileSync(file, 'utf8')) as Variant;
    const shape = schemaProblems('variant', declaration, shown);
    problems.push(...shape);
    if (shape.length > 0) continue;
    const tests = new Map(exercise.tests.map((test) => [test.name, test]));
    declaration.caughtBy.forEach((testName, index) => {
      if (!tests.has(testName)) {
        problems.push({
          file: shown,
          pointer: `/caughtBy/${index}`,
          rule: 'test-exists',
          message: `no test "${testName}" in ${exercise.id}'s manifest`,
        });
      }
    });
    if (!declaration.caughtBy.some((testName) => tests.get(testName)?.visibility !== 'visible')) {
      problems.push({
        file: shown,
        pointer: '/caughtBy',
        rule: 'caught-by-hidden',
        message: 'at least one hidden test must catch a known-wrong solution',
      });
    }
    const diffs = fs.readdirSync(dir).filter((entry) => entry !== 'variant.json');
    const files: Record<string, string> = {};
    for (const file of exercise.files) {
      const solution = path.join(solutionDir(course, exercise), file);
      if (fs.existsSync(solution)) files[file] = fs.readFileSync(solution, 'utf8');
    }
    for (const entry of diffs) {
      const shownDiff = displayPath(path.join(dir, entry), course.root);
      const target = entry.slice(0, -DIFF_SUFFIX.length);
      if (!entry.endsWith(DIFF_SUFFIX) || !exercise.files.includes(target)) {
        problems.push({
          file: shownDiff,
          pointer: '',
          rule: 'variant-files',
          message: `a variant holds only diffs of student files (${exercise.files.map((f) => f + DIFF_SUFFIX).join(', ')})`,
        });
        continue;
      }
      try {
        files[target] = applyPatch(
          files[target] ?? '',
          fs.readFileSync(path.join(dir, entry), 'utf8'),
        );
      } catch (error) {
        problems.push({
          file: shownDiff,
          pointer: '',
          rule: 'variant-applies',
          message: `no longer fits the solution: ${(error as Error).message}`,
        });
      }
    }
    if (diffs.length === 0) {
      problems.push({
        file: shown,
        pointer: '',
        rule: 'variant-files',
        message: 'the variant changes no file',
      });
    }
    variants.push({
      name,
      dir,
      mistake: declaration.mistake,
      caughtBy: declaration.caughtBy,
      files,
    });
  }
  return { variants, problems };
}
