import { because } from '@course/testkit';
import { type CaseTable, runCaseTable } from '@course/testkit/case-table';
import { BlockingQueue } from '@subject/ex04-worker-queue/blocking-queue';
import queueOps from './cases/queue-ops.json';
import { type OpsCase, type OpsOutcome, describeOpsCase, playOpsCase } from './ops-case';

// Generated cases (solutions/ex04-worker-queue/cases/), each with the outcome the reference gave
// at authoring time. The smallest case that fails is the one reported.

test('the queue gives the expected items and sizes on generated sequences from one thread', async () => {
  await runCaseTable<OpsCase, OpsOutcome>(queueOps as CaseTable, {
    describe: describeOpsCase,
    run: (input, expected) =>
      because(
        'each handle’s capacity, then what every get() returned and every size read gave, in order: first in, first out, any 32-bit item, and nothing shared between two queues',
        () => expect(playOpsCase(input, BlockingQueue)).toStrictEqual(expected),
      ),
  });
});
