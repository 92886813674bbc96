import * as fs from 'fs';
import * as path from 'path';
import { readCourse } from '../course/load';
import { graderRoot } from '../paths';
import { secretFilter, WITHHELD, withoutSecrets } from './secret-text';
import type { ExerciseResult } from './types';

const course = readCourse(graderRoot).course;
const ex06 = course.exercises.find((exercise) => exercise.id === 'ex06')!;
const filter = secretFilter(ex06, graderRoot);
const linesOf = (file: string) => fs.readFileSync(file, 'utf8').split('\n');

test('a hidden test title, anywhere in a text, withholds the text', () => {
  const hidden = ex06.tests.find((test) => test.visibility === 'hidden')!;
  expect(filter(`Error: look: ${hidden.name} !`)).toBe(WITHHELD);
});

test('one line of a hidden test file or of the solution withholds the text', () => {
  const hiddenLine = linesOf(path.join(ex06.dir, 'hidden', 'gather.test.ts')).find(
    (line) => line.trim().length > 40 && line.includes('expect('),
  )!;
  const solutionLine = linesOf(path.join(graderRoot, 'solutions', ex06.folder, 'gather.ts')).find(
    (line) => line.includes('results[') && line.trim().length >= 20,
  )!;
  expect(filter(`printed:\n  ${hiddenLine.trim()}  \nmore`)).toBe(WITHHELD);
  expect(filter(`printed:\n${solutionLine}`)).toBe(WITHHELD);
});

test("the student's own failures, the starter and the visible tests pass through", () => {
  const visibleLine = linesOf(path.join(ex06.dir, 'tests', 'gather.test.ts')).find(
    (line) => line.trim().length > 40,
  )!;
  const starterLine = linesOf(path.join(ex06.dir, 'gather.ts')).find(
    (line) => line.trim().length > 30,
  )!;
  for (const text of [
    'expect(received).toEqual(expected)\n\nExpected: [1, 2]\nReceived: []',
    visibleLine,
    starterLine,
  ])
    expect(filter(text)).toBe(text);
});

test('only what graded code could have written is filtered; hidden tests keep their messages', () => {
  const result = {
    message: 'x',
    output: ex06.tests.find((test) => test.visibility === 'hidden')!.name,
    tests: [
      { name: 'v', visibility: 'visible', message: 'plain' },
      { name: 'h', visibility: 'hidden', message: ex06.tests[6].name },
    ],
  } as unknown as ExerciseResult;
  const kept = withoutSecrets(result, filter);
  expect(kept.output).toBe(WITHHELD);
  expect(kept.message).toBe('x');
  expect(kept.tests.map((test) => test.message)).toEqual(['plain', ex06.tests[6].name]);
});
