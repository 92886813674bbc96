import { showValue } from '@course/testkit/case-values';

// A generated sequence of queue operations from one thread, as data: queues created with given
// capacities (a handle may be a second one on the same buffer, made with attach), then puts, gets
// and size reads that never have to wait (the sequence keeps each queue between empty and full).
// The same code plays it against the reference at authoring time and the code under test later.

export type QueueOp =
  | { op: 'put'; queue: number; item: number }
  | { op: 'get'; queue: number }
  | { op: 'size'; queue: number };

export interface OpsCase {
  /** One entry per handle: a new queue of that capacity, or { attach: i } for handle i's buffer. */
  handles: Array<{ capacity: number } | { attach: number }>;
  ops: QueueOp[];
}

interface Queue {
  put(item: number): void;
  get(): number;
  readonly size: number;
  readonly capacity: number;
  readonly buffer: SharedArrayBuffer;
}
interface QueueClass {
  create(capacity: number): Queue;
  attach(buffer: SharedArrayBuffer): Queue;
}

/** What each get and size read gave, in order, and each handle's capacity. */
export interface OpsOutcome {
  capacities: unknown[];
  answers: unknown[];
}

export function playOpsCase(opsCase: OpsCase, BlockingQueue: QueueClass): OpsOutcome {
  const handles: Queue[] = [];
  for (const handle of opsCase.handles)
    handles.push(
      'capacity' in handle
        ? BlockingQueue.create(handle.capacity)
        : BlockingQueue.attach(handles[handle.attach].buffer),
    );
  const answers: unknown[] = [];
  for (const op of opsCase.ops) {
    const queue = handles[op.queue];
    if (op.op === 'put') queue.put(op.item);
    else answers.push(op.op === 'get' ? queue.get() : queue.size);
  }
  return { capacities: handles.map((queue) => queue.capacity), answers };
}

export function describeOpsCase(opsCase: OpsCase): string {
  const names = opsCase.handles.map((handle, index) =>
    'capacity' in handle
      ? `q${index} = BlockingQueue.create(${handle.capacity})`
      : `q${index} = BlockingQueue.attach(q${handle.attach}.buffer)`,
  );
  const ops = opsCase.ops.map((op) =>
    op.op === 'put'
      ? `q${op.queue}.put(${showValue(op.item)})`
      : op.op === 'get'
        ? `q${op.queue}.get()`
        : `q${op.queue}.size`,
  );
  return `from one thread: ${[...names, ...ops].join('; ')}`;
}
