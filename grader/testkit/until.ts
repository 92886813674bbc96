// eslint-disable-next-line @typescript-eslint/no-require-imports
const activity = require('../runtime/main-polls') as {
  mainPolls(): { start(): void; end(): void } | undefined;
};

/** Taken at load: a test that turns on fake timers must not stop the polls. */
const realSetTimeout = setTimeout;
/**
 * How often a poll looks. Short beside a worker's steps; long enough that polls, even several at
 * once, leave the processor to the workers and the main thread looks idle to the hang watch
 * (which takes a process using a quarter of a core for one that still runs).
 */
const POLL_MS = 5;

/**
 * Resolves once `condition()` holds, looking every few milliseconds. For a test's main thread
 * waiting on what workers do: shared memory they write, messages or exits they cause. On the main
 * thread the poll tells the hang watch (jest/hang-watch.ts) that only other threads can make the
 * condition true, so when every worker sleeps for good the test is called hung at once instead of
 * polling on to its limit. A give-up time in the condition (`Date.now() > giveUpAt`) is fine: a
 * give-up that could only come with every worker asleep for good ends the test as hung instead.
 * Never for a condition that the main thread's own timers or I/O must make true; and keep the
 * condition cheap (microseconds), since it runs every few milliseconds.
 */
export async function until(condition: () => boolean): Promise<void> {
  if (condition()) return;
  const polls = activity.mainPolls();
  polls?.start();
  try {
    while (!condition()) await new Promise((resolve) => realSetTimeout(resolve, POLL_MS));
  } finally {
    polls?.end();
  }
}
