import type { Visibility } from './types';
import { isHidden, shownToStudent, studentTestNames } from './visibility';

const tests = (['visible', 'hidden', 'after_due_date', 'visible', 'after_published'] as const).map(
  (visibility: Visibility, index) => ({ name: `t${index}`, visibility }),
);

test('while working, only visible tests are shown; the rest are hidden', () => {
  expect(tests.map((test) => shownToStudent(test))).toEqual([true, false, false, true, false]);
  expect(tests.map(isHidden)).toEqual([false, true, true, false, true]);
});

test('after grading, tests due or published show too, hidden ones never', () => {
  expect(tests.map((test) => shownToStudent(test, 'after-grading'))).toEqual([
    true,
    false,
    true,
    true,
    true,
  ]);
});

test('a hidden test keeps its number whatever the moment', () => {
  expect(studentTestNames(tests)).toEqual([
    't0',
    'hidden test 1',
    'hidden test 2',
    't3',
    'hidden test 3',
  ]);
  expect(studentTestNames(tests, 'after-grading')).toEqual([
    't0',
    'hidden test 1',
    't2',
    't3',
    't4',
  ]);
});
