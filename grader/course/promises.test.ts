import { loadCourse } from './load';
import { promiseProblems } from './promises';
import { fixtureRoot } from '../test/fixture-course';
import type { Exercise } from './types';

const [fixture] = loadCourse(fixtureRoot).exercises;

function rules(change: (exercise: Exercise) => Exercise): string[] {
  return promiseProblems(change(structuredClone(fixture)), 'exercise.json').map(
    (problem) => `${problem.pointer} ${problem.rule}`,
  );
}

const promised = (exercise: Exercise): Exercise => ({
  ...exercise,
  promises: [
    { id: 'counts-down', text: 'counts every number down to zero' },
    { id: 'stops-at-zero', text: 'stops at zero' },
  ],
  tests: exercise.tests.map((test) => ({ ...test, checks: ['counts-down', 'stops-at-zero'] })),
});

test('an exercise whose tests check every promise it lists has no problem', () => {
  expect(rules(promised)).toEqual([]);
});

test('an exercise must list the promises of its README', () => {
  expect(rules((exercise) => ({ ...exercise, promises: undefined }))).toEqual([' promises-listed']);
});

test('a promise no test checks, a test that checks none and an unknown id are each named', () => {
  const problems = rules((exercise) => {
    const listed = promised(exercise);
    listed.promises!.push({ id: 'never-tested', text: 'a promise nobody checks' });
    listed.tests[0] = { ...listed.tests[0], checks: ['counts-down', 'no-such-promise'] };
    listed.tests[1] = { ...listed.tests[1], checks: undefined };
    return listed;
  });
  expect(problems).toEqual(
    expect.arrayContaining(['/tests/0/checks/1 promise-exists', '/promises/2 promise-tested']),
  );
  if (fixture.tests.length > 1) expect(problems).toContain('/tests/1 test-checks');
});

test('a promise listed twice is named', () => {
  const problems = rules((exercise) => {
    const listed = promised(exercise);
    listed.promises!.push({ id: 'stops-at-zero', text: 'again' });
    return listed;
  });
  expect(problems).toEqual(['/promises/2/id unique-promise']);
});
