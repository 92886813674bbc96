import type { Attempt } from './jest-attempt';
import { crashMessage, explainStuckRun, hungMessage, waitingMessage } from './student-messages';

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

test('a test process that aborts before any test ran is told as memory when V8 said so, else as an abort', () => {
  const crashed = (code: number | null, signal: string | null, output: string) =>
    explainStuckRun({ stop: { kind: 'crashed', code, signal }, output } as unknown as Attempt);
  const oom = crashed(
    134,
    null,
    'FATAL ERROR: Committing semi space failed. Allocation failed - JavaScript heap out of memory\n 1: 0x1 node',
  );
  expect(oom).toMatch(
    /^the tests could not run: out of memory: each process of the tests may hold at most \d+ MB/,
  );
  expect(oom).not.toMatch(/process\.exit/);
  // What a C++ allocation refused by the data limit prints as Node aborts.
  const badAlloc =
    "terminate called after throwing an instance of 'std::bad_alloc'\n  what():  std::bad_alloc";
  expect(crashed(134, null, badAlloc)).toMatch(/^the tests could not run: out of memory/);
  expect(crashed(null, 'SIGABRT', '')).toMatch(
    /aborted while loading \(as Node does when it runs out of memory/,
  );
  // Any other early end is still asked about process.exit.
  expect(crashed(3, null, '')).toMatch(
    /ended early \(exit code 3\)\. Does your code call process\.exit\(\)/,
  );
});
