import * as fs from 'fs';
import * as path from 'path';
import { displayPath } from '../paths';
import type { Problem } from '../schemas';
import { hiddenTestsDir, visibleTestsDir } from './layout';
import type { Exercise } from './types';

// Rules for how an exercise's test code reads what graded code returns (docs/authoring.md):
// assertions see it through `expect`, which hands the matchers a copy made of data alone
// (testkit/as-data.ts). What test code does with a value outside `expect` runs in the same realm
// as the student's code, where `value instanceof Class` asks `Class[Symbol.hasInstance]`, which a
// class of the student's may answer true for anything. `isInstance` from the test kit, or
// `expect(value).toBeInstanceOf(Class)`, asks the prototype chain alone.

const INSTANCEOF = /\binstanceof\b/;
const COMMENT = /^\s*(\/\/|\/?\*)/;

/** Every TypeScript file of the exercise's visible and hidden tests, helpers included. */
function testCodeFiles(exercise: Exercise): string[] {
  return [visibleTestsDir(exercise.dir), hiddenTestsDir(exercise.dir)]
    .filter((dir) => fs.existsSync(dir))
    .flatMap((dir) =>
      fs
        .readdirSync(dir)
        .filter((name) => name.endsWith('.ts'))
        .sort()
        .map((name) => path.join(dir, name)),
    );
}

export function testCodeProblems(exercise: Exercise, root: string, shown: string): Problem[] {
  const problems: Problem[] = [];
  for (const file of testCodeFiles(exercise)) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (COMMENT.test(line) || !INSTANCEOF.test(line)) return;
      problems.push({
        file: shown,
        pointer: '/tests',
        rule: 'tests-compare-data',
        message: `${displayPath(file, root)}:${index + 1} uses instanceof, which a class of the student's can answer for itself: use isInstance from @course/testkit, or expect(value).toBeInstanceOf(Class)`,
      });
    });
  }
  return problems;
}
