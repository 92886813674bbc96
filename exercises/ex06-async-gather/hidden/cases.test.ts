import { because } from '@course/testkit';
import { type CaseTable, runCaseTable } from '@course/testkit/case-table';
import '../tests/virtual-clock';
import { gather, poll, pollAll } from '@subject/ex06-async-gather/gather';
import gatherCases from './cases/gather.json';
import pollCases from './cases/poll.json';
import pollAllCases from './cases/poll-all.json';
import {
  type FakeClock,
  type GatherCase,
  type GatherOutcome,
  type PollAllCase,
  type PollAllOutcome,
  type PollCase,
  type PollOutcome,
  describeGatherCase,
  describePollAllCase,
  describePollCase,
  playGatherCase,
  playPollAllCase,
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

test('pollAll gives each poll its own turn and its own deadline, on generated checks', async () => {
  await runCaseTable<PollAllCase, PollAllOutcome>(pollAllCases as CaseTable, {
    describe: describePollAllCase,
    run: async (input, expected) => {
      const outcome = await playPollAllCase(input, pollAll as never, clock);
      because(
        'per check, when it was called (ms after pollAll was): a poll starts only when gather gives it a turn, and has the whole timeoutMs from its own start; then when and how pollAll settled',
        () => expect(outcome).toStrictEqual(expected),
      );
    },
  });
});
