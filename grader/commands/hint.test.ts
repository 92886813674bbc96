import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixtureRoot } from '../test/fixture-course';
import { hint } from './hint';

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
