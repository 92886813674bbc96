import * as fs from 'fs';
import * as path from 'path';
import { wrongVariantsDir } from '../course/layout';
import type { Course, Exercise } from '../course/types';
import { displayPath } from '../paths';
import { Problem, schemaProblems } from '../schemas';

export interface Variant {
  name: string;
  dir: string;
  mistake: string;
  caughtBy: string[];
}

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
    const files = fs.readdirSync(dir).filter((entry) => entry !== 'variant.json');
    for (const entry of files) {
      if (!exercise.files.includes(entry)) {
        problems.push({
          file: displayPath(path.join(dir, entry), course.root),
          pointer: '',
          rule: 'variant-files',
          message: `not one of the exercise's student files (${exercise.files.join(', ')})`,
        });
      }
    }
    if (files.length === 0) {
      problems.push({
        file: shown,
        pointer: '',
        rule: 'variant-files',
        message: 'the variant changes no file',
      });
    }
    variants.push({ name, dir, mistake: declaration.mistake, caughtBy: declaration.caughtBy });
  }
  return { variants, problems };
}
