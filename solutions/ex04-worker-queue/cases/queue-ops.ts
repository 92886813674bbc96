import fc from 'fast-check';
import type { CaseTableSpec } from '../../../grader/verify/case-tables';
import { INT32_MAX, INT32_MIN, isFalsyOrExtreme } from '../../../grader/verify/edge-values';
import {
  type OpsCase,
  type OpsOutcome,
  type QueueOp,
  playOpsCase,
} from '../../../exercises/ex04-worker-queue/hidden/ops-case';
import { BlockingQueue } from '../blocking-queue';

// Generated sequences of put, get and size from one thread, never waiting: every capacity from 1,
// the ring wrapping many times, items that a queue could take for a sentinel (0, -1, -2^31,
// 2^31 - 1) and repeated items, two queues used in turn (nothing may be shared between them) and
// a second handle on one buffer (attach). Each outcome is the reference's.

const ITEMS = [0, -1, 1, 7, INT32_MIN, INT32_MAX, 42];

/** Turns choices into operations that never wait, tracking how full each queue is. */
function opsFor(
  handles: OpsCase['handles'],
  choices: Array<{ queue: number; put: boolean; item: number; size: boolean }>,
): QueueOp[] {
  const root = (index: number): number => {
    const handle = handles[index];
    return 'attach' in handle ? root(handle.attach) : index;
  };
  const capacity = (index: number) => (handles[root(index)] as { capacity: number }).capacity;
  const count = handles.map(() => 0);
  const ops: QueueOp[] = [];
  for (const { queue: choice, put, item, size } of choices) {
    const queue = choice % handles.length;
    const at = root(queue);
    if (size) ops.push({ op: 'size', queue });
    else if ((put && count[at] < capacity(queue)) || count[at] === 0) {
      ops.push({ op: 'put', queue, item });
      count[at]++;
    } else {
      ops.push({ op: 'get', queue });
      count[at]--;
    }
  }
  return ops;
}

const fill = (capacity: number, item: (i: number) => number) =>
  Array.from({ length: capacity }, (_, i) => ({ op: 'put' as const, queue: 0, item: item(i) }));
const drain = (count: number) =>
  Array.from({ length: count }, () => ({ op: 'get' as const, queue: 0 }));

const edges: OpsCase[] = [
  { handles: [{ capacity: 1 }], ops: [{ op: 'size', queue: 0 }] },
  {
    handles: [{ capacity: 1 }],
    ops: [
      { op: 'put', queue: 0, item: 0 },
      { op: 'size', queue: 0 },
      { op: 'get', queue: 0 },
    ],
  },
  {
    handles: [{ capacity: 1 }],
    ops: [...fill(1, () => -1), ...drain(1), ...fill(1, () => 5), ...drain(1)],
  },
  ...[1, 2, 3, 5, 16].map((capacity) => ({
    handles: [{ capacity }],
    ops: [
      ...fill(capacity, (i) => i),
      { op: 'size' as const, queue: 0 },
      ...drain(capacity),
      { op: 'size' as const, queue: 0 },
    ],
  })),
  {
    handles: [{ capacity: 3 }],
    ops: [...fill(3, (i) => ITEMS[i + 4]), ...drain(2), ...fill(2, () => INT32_MIN), ...drain(3)],
  },
  { handles: [{ capacity: 4 }], ops: [...fill(4, () => 7), ...drain(4)] },
  {
    handles: [{ capacity: 2 }, { capacity: 3 }],
    ops: [
      { op: 'put', queue: 0, item: 1 },
      { op: 'put', queue: 1, item: 2 },
      { op: 'put', queue: 1, item: 3 },
      { op: 'size', queue: 0 },
      { op: 'get', queue: 1 },
      { op: 'get', queue: 0 },
      { op: 'size', queue: 1 },
      { op: 'get', queue: 1 },
    ],
  },
  {
    handles: [{ capacity: 2 }, { attach: 0 }],
    ops: [
      { op: 'put', queue: 0, item: 1 },
      { op: 'put', queue: 1, item: 2 },
      { op: 'size', queue: 1 },
      { op: 'get', queue: 1 },
      { op: 'get', queue: 0 },
      { op: 'put', queue: 1, item: 3 },
      { op: 'size', queue: 0 },
    ],
  },
];

const arbitrary: fc.Arbitrary<OpsCase> = fc
  .tuple(
    fc.oneof(
      { arbitrary: fc.integer({ min: 1, max: 6 }).map((capacity) => [{ capacity }]), weight: 3 },
      {
        arbitrary: fc
          .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
          .map(([a, b]) => [{ capacity: a }, { capacity: b }]),
        weight: 1,
      },
      {
        arbitrary: fc.integer({ min: 1, max: 4 }).map((capacity) => [{ capacity }, { attach: 0 }]),
        weight: 1,
      },
    ),
    fc.array(
      fc.record({
        queue: fc.integer({ min: 0, max: 1 }),
        put: fc.boolean(),
        item: fc.constantFrom(...ITEMS),
        size: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      }),
      { minLength: 1, maxLength: 24 },
    ),
  )
  .map(([handles, choices]) => ({ handles, ops: opsFor(handles, choices) }));

function kind({ handles, ops }: OpsCase): string {
  if (handles.some((handle) => 'attach' in handle)) return 'two handles on one queue (attach)';
  if (handles.length > 1) return 'two queues used in turn';
  const { capacity } = handles[0] as { capacity: number };
  const puts = ops.filter((op) => op.op === 'put').length;
  if (capacity === 1) return 'a queue of capacity 1';
  if (puts > capacity) return 'a ring that wraps around';
  if (ops.some((op) => op.op === 'put' && (op.item === -1 || isFalsyOrExtreme(op.item))))
    return 'items such as 0, -1 or the 32-bit limits';
  return 'puts and gets within the capacity';
}

const spec: CaseTableSpec<OpsCase, OpsOutcome> = {
  test: 'the queue gives the expected items and sizes on generated sequences from one thread',
  seed: 2904,
  edges,
  generated: { arbitrary, count: 120 },
  kind,
  size: ({ handles, ops }) => handles.length + ops.length,
  expected: (input) => playOpsCase(input, BlockingQueue),
};

export default spec;
