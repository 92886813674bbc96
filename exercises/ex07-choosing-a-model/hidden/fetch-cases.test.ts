import { because } from '@course/testkit';
import { type CaseTable, runCaseTable } from '@course/testkit/case-table';
import './fake-clock';
import { fetchAll } from '@subject/ex07-choosing-a-model/choose';
import fetches from './cases/fetches.json';
import { type FetchCase, type FetchOutcome, describeFetchCase, playFetchCase } from './fetch-case';

// Generated cases (solutions/ex07-choosing-a-model/cases/fetches.ts), each with the outcome the
// reference gave at authoring time on the same fake clock. The smallest failing case is reported.

test('fetchAll fetches every id once per entry, keeps the limit busy and orders the items, on generated calls', async () => {
  await runCaseTable<FetchCase, FetchOutcome>(fetches as CaseTable, {
    describe: describeFetchCase,
    run: async (input, expected) => {
      const outcome = await playFetchCase(input, fetchAll as never, {
        advance: async (ms) => void (await jest.advanceTimersByTimeAsync(ms)),
      });
      because(
        'when the fetches started (ms after the call), how often each id was fetched, the most in flight at once, and when and how fetchAll settled',
        () => expect(outcome).toStrictEqual(expected),
      );
    },
  });
});
