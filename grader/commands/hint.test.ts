import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixtureRoot } from '../test/fixture-course';
import { documentOf, exerciseResult, testResult } from '../report/__fixtures__/results';
import { hint } from './hint';
import { lastResultPath } from './progress-store';

const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-hint-test-'));
afterAll(() => fs.rmSync(stateDir, { recursive: true, force: true }));

function hintOnce(all = false): string {
  let text = '';
  const io = { out: (chunk: string) => (text += chunk), err: () => undefined, color: false };
  expect(hint({ exercise: 'ex90', all, course: fixtureRoot, stateDir }, io)).toBe(0);
  return text;
}

test('hints run out with a clear word, not a silent repeat', () => {
  // The fixture has one hint.
  expect(hintOnce()).toBe(
    "ex90  A fixture for the grader's own tests\n  hint 1 of 1: Read the tests.\n  That was the last hint.\n",
  );
  const again = hintOnce();
  expect(again).toContain('hint 1 of 1: Read the tests.');
  expect(again).toContain('No more hints: you have seen all 1.');
  expect(hintOnce(true)).not.toContain('No more hints');
});

test('after a failing check, hints follow what failed and the first call goes past Stuck?', () => {
  const place = { stateDir: fs.mkdtempSync(path.join(os.tmpdir(), 'grader-hint-fail-')) };
  try {
    // The kept check failed the visible test whose hint is "2 + 3 is 5.": Stuck? printed the
    // exercise-wide hint, the first one not already printed next to that test.
    const failing = exerciseResult({
      id: 'ex90',
      tests: [
        testResult({ name: 'adds two numbers', status: 'fail', score: 0, hint: '2 + 3 is 5.' }),
      ],
      hints: ['2 + 3 is 5.', 'Read the tests.'],
    });
    fs.mkdirSync(path.dirname(lastResultPath('ex90', place)), { recursive: true });
    fs.writeFileSync(lastResultPath('ex90', place), JSON.stringify(documentOf(failing)));
    let text = '';
    const io = { out: (chunk: string) => (text += chunk), err: () => undefined, color: false };
    hint({ exercise: 'ex90', course: fixtureRoot, ...place }, io);
    expect(text).toContain('(in the order that fits what failed in your last check)');
    expect(text).toContain('hint 1 of 2: 2 + 3 is 5.');
    expect(text).toContain('hint 2 of 2: Read the tests.');
  } finally {
    fs.rmSync(place.stateDir, { recursive: true, force: true });
  }
});
