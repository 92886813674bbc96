import { crashMessage, hungMessage, waitingMessage } from './student-messages';

// A message names only causes its own observations allow (issue 26, part 4).

test('a hang with no worker asleep in Atomics.wait blames no lock or notify', () => {
  const alone = hungMessage(1100, 4000, [{ name: 'main thread', state: 'waiting' }]);
  expect(alone).toContain('a promise that never settles');
  expect(alone).not.toMatch(/\block\b|waiter/);
  const idle = hungMessage(1100, 4000, [
    { name: 'main thread', state: 'waiting' },
    { name: 'worker 1', state: 'idle' },
  ]);
  expect(idle).not.toMatch(/\block\b|waiter/);
  const asleep = hungMessage(1100, 4000, [
    { name: 'main thread', state: 'waiting' },
    { name: 'worker 1', state: 'waiting' },
  ]);
  expect(asleep).toContain('1 worker waited in Atomics.wait');
  expect(asleep).toContain('a lock that is never released, or a waiter that is never woken');
});

test('a test still waiting at its limit may be slow, not stuck', () => {
  expect(waitingMessage(5000)).toMatch(/^timed out after 5 s: .*or code far too slow/);
});

test('an abort is said as an abort; only a likely cause is offered', () => {
  expect(crashMessage(134, null)).toMatch(
    /^the test process aborted during this test \(as Node does when it runs out of memory/,
  );
  expect(crashMessage(null, 'SIGABRT')).toContain('aborted');
  expect(crashMessage(1, null)).toContain('exit code 1');
});
