import { because } from '@course/testkit';
import { type CaseTable, runCaseTable } from '@course/testkit/case-table';
import * as choose from '@subject/ex07-choosing-a-model/choose';
import ranges from './cases/ranges.json';
import { type RangeCall, type RangeOutcome, describeRangeCall, playRangeCall } from './range-case';

// Generated cases (solutions/ex07-choosing-a-model/cases/), each with the outcome the reference gave
// at authoring time. The smallest case that fails is the one reported.

test('splitRange and the prime counts give the expected answers on generated ranges', async () => {
  await runCaseTable<RangeCall, RangeOutcome>(ranges as CaseTable, {
    describe: describeRangeCall,
    run: (call, expected) =>
      because(
        'ranges are half-open, [from, to): from is in, to is not; splitRange gives min(parts, to - from) chunks (shown as how many, their sizes from small to large, and whether they tile [from, to) in order with no gap or overlap), sizes differing by at most one, and [] for an empty range',
        () => expect(playRangeCall(call, choose)).toStrictEqual(expected),
      ),
  });
});
