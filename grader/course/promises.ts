import type { Problem } from '../schemas';
import type { Exercise } from './types';

/**
 * Tests derive from what the README promises: each promise is checked by some test (visible or
 * hidden), each test names the promises it can fail for, and every name it uses is defined.
 */
export function promiseProblems(exercise: Exercise, shown: string): Problem[] {
  const problems: Problem[] = [];
  const add = (pointer: string, rule: string, message: string) =>
    problems.push({ file: shown, pointer, rule, message });
  if (!exercise.promises) {
    add('', 'promises-listed', 'list the behaviours the README promises in "promises"');
    return problems;
  }
  const defined = new Set<string>();
  exercise.promises.forEach((promise, index) => {
    if (defined.has(promise.id))
      add(`/promises/${index}/id`, 'unique-promise', `promise "${promise.id}" is listed twice`);
    defined.add(promise.id);
  });
  const checked = new Set<string>();
  exercise.tests.forEach((test, index) => {
    if (!test.checks) {
      add(`/tests/${index}`, 'test-checks', `"${test.name}" names no promise in "checks"`);
      return;
    }
    test.checks.forEach((id, position) => {
      checked.add(id);
      if (!defined.has(id))
        add(
          `/tests/${index}/checks/${position}`,
          'promise-exists',
          `no promise "${id}" in "promises"`,
        );
    });
  });
  exercise.promises.forEach((promise, index) => {
    if (!checked.has(promise.id))
      add(`/promises/${index}`, 'promise-tested', `no test checks promise "${promise.id}"`);
  });
  return problems;
}
