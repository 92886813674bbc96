import { testResult } from '../report/__fixtures__/results';
import { withoutUnfoundedHint } from './explain-failures';

// ex04's put without its notify timed out with an exact location, and was then told that "the
// message says which items were missing": a cause its own time-out does not show.

const hint = 'The message says which items were missing, came twice or were never put.';

test('a hint that reads the assertion message is dropped when the test timed out', () => {
  const timedOut = testResult({ name: 'queue', status: 'timeout', score: 0, hint });
  expect(withoutUnfoundedHint(timedOut)).not.toHaveProperty('hint');
});

test('it stays with the message it explains, and other hints stay on a time-out', () => {
  const failed = testResult({ name: 'queue', status: 'fail', score: 0, hint });
  expect(withoutUnfoundedHint(failed).hint).toBe(hint);
  const wake = testResult({
    name: 'wakes',
    status: 'timeout',
    score: 0,
    hint: 'Each put must wake a sleeping get.',
  });
  expect(withoutUnfoundedHint(wake).hint).toBe('Each put must wake a sleeping get.');
});
