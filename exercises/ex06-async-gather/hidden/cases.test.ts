import { because } from '@course/testkit';
import { type CaseTable, runCaseTable } from '@course/testkit/case-table';
import '../tests/virtual-clock';
import { gather, poll } from '@subject/ex06-async-gather/gather';
import gatherCases from './cases/gather.json';
import pollCases from './cases/poll.json';
import {
  type FakeClock,
  type GatherCase,
  type GatherOutcome,
  type PollCase,
  type PollOutcome,
  describeGatherCase,
  describePollCase,
  playGatherCase,
  playPollCase,
} from './timed-case';

// Generated cases (solutions/ex06-async-gather/cases/), each with the outcome the reference gave
// at authoring time on the same fake clock. The smallest case that fails is the one reported.

const clock: FakeClock = {
  advance: async (ms) => void (await jest.advanceTimersByTimeAsync(ms)),
  timers: () => jest.getTimerCount(),
};

test('gather gives the expected results, start times and failures on generated task lists', async () => {
  await runCaseTable<GatherCase, GatherOutcome[]>(gatherCases as CaseTable, {
    describe: describeGatherCase,
    run: async (input, expected) => {
      const outcome = await playGatherCase(input, gather as never, clock);
      because(
        'per gather call: when each task started (ms after the call; null: never), the most tasks running at once, and when and how gather settled (resolved with the results, rejected with the reason, or threw at the call)',
        () => expect(outcome).toStrictEqual(expected),
      );
    },
  });
});

test('poll answers, gives up and checks at the expected times on generated checks', async () => {
  await runCaseTable<PollCase, PollOutcome>(pollCases as CaseTable, {
    describe: describePollCase,
    run: async (input, expected) => {
      const outcome = await playPollCase(input, poll as never, clock);
      because(
        'when each check ran (ms after poll was called), when and how poll settled, and how many timers were left once it had',
        () => expect(outcome).toStrictEqual(expected),
      );
    },
  });
});
