import {
  ALONE_HANG,
  confirmationFor,
  deadStateKeys,
  FIRST_HANG,
  isProven,
  PROVEN_HANG,
  readDeadStates,
} from './dead-state';

// Golden cases for how long a dead state must last before a test is called hung: a second for
// the first hang of a process, a short look only for the same dead state again.

const waitingAt = (site: number) => ({ state: 'waiting' as const, site });
const idle = { state: 'idle' as const, site: 0 };

test('the first hang of a process always waits the full second', () => {
  expect(confirmationFor(undefined, [])).toEqual(FIRST_HANG);
  expect(confirmationFor(undefined, [waitingAt(7), idle])).toEqual(FIRST_HANG);
});

test('a later test in the places already proven dead is ended after a short look', () => {
  const proven = deadStateKeys([waitingAt(7), waitingAt(9), idle]);
  expect(confirmationFor(proven, [waitingAt(7)])).toEqual(PROVEN_HANG);
  expect(confirmationFor(proven, [waitingAt(9), waitingAt(9), idle])).toEqual(PROVEN_HANG);
  // No worker left at all, nothing pending: nothing could ever settle the test.
  expect(confirmationFor(proven, [])).toEqual(PROVEN_HANG);
});

test('a new place, an unknown place or an idle worker not seen dead before gets the full second', () => {
  const proven = deadStateKeys([waitingAt(7)]);
  expect(confirmationFor(proven, [waitingAt(7), waitingAt(8)])).toEqual(FIRST_HANG);
  expect(confirmationFor(proven, [waitingAt(0)])).toEqual(FIRST_HANG);
  expect(confirmationFor(proven, [idle])).toEqual(FIRST_HANG);
  expect(confirmationFor(deadStateKeys([waitingAt(0)]), [waitingAt(0)])).toEqual(FIRST_HANG);
});

test('the short look is shorter than the second, and still needs an idle worker to tick', () => {
  expect(PROVEN_HANG.afterMs).toBeLessThan(FIRST_HANG.afterMs);
  expect(PROVEN_HANG.idleTicks).toBeGreaterThanOrEqual(1);
});

test('the dead states handed to a later test process are read only when each is a key', () => {
  expect(readDeadStates('["idle","waiting at -42"]')).toEqual(new Set(['idle', 'waiting at -42']));
  // A dead state with no worker left: proven, with no places.
  expect(readDeadStates('[]')).toEqual(new Set());
  for (const text of [undefined, '', 'null', '{}', '["asleep"]', '[1]', '["idle"', 'idle'])
    expect(readDeadStates(text)).toBeUndefined();
});

test('with no worker left or starting, the shortest look, first hang or not', () => {
  expect(confirmationFor(undefined, [], true)).toEqual(ALONE_HANG);
  expect(confirmationFor(new Set(['waiting at 7']), [], true)).toEqual(ALONE_HANG);
  expect(ALONE_HANG.afterMs).toBeLessThan(PROVEN_HANG.afterMs);
  // Any worker seen, or a main thread that still has workers of its own: not alone.
  expect(confirmationFor(undefined, [idle], true)).toEqual(FIRST_HANG);
  expect(confirmationFor(undefined, [], false)).toEqual(FIRST_HANG);
  // Whether it came to a proven dead state is told apart from how long it was looked at.
  expect(isProven(undefined, [])).toBe(false);
  expect(isProven(new Set(), [])).toBe(true);
  expect(isProven(new Set(['idle']), [waitingAt(7)])).toBe(false);
});
