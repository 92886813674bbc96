// eslint-disable-next-line @typescript-eslint/no-require-imports
const activity = require('./thread-activity') as {
  HEADER: number;
  SLOTS: number;
  STRIDE: number;
  THREAD: number;
  STATE: number;
  PARENT: number;
  RUNNING: number;
  EXITED: number;
  createBoard(): SharedArrayBuffer;
  markExited(cells: Int32Array, threadId: number): void;
};

/** A board with these slots, [thread, parent] each, all running. */
function boardOf(slots: [number, number][]): Int32Array {
  const cells = new Int32Array(activity.createBoard());
  cells[0] = slots.length;
  slots.forEach(([thread, parent], slot) => {
    const at = activity.HEADER + slot * activity.STRIDE;
    cells[at + activity.THREAD] = thread;
    cells[at + activity.PARENT] = parent;
    cells[at + activity.STATE] = activity.RUNNING;
  });
  return cells;
}

const states = (cells: Int32Array) =>
  Array.from({ length: cells[0] }, (_, slot) =>
    cells[activity.HEADER + slot * activity.STRIDE + activity.STATE] === activity.EXITED
      ? 'exited'
      : 'running',
  );

test("a worker's exit marks its own workers, nested ones too, and nobody else's", () => {
  // 1 and 5 are the main thread's; 2 is 1's, 3 is 2's; 4 is 5's.
  const cells = boardOf([
    [1, 0],
    [2, 1],
    [5, 0],
    [3, 2],
    [4, 5],
  ]);
  activity.markExited(cells, 1);
  expect(states(cells)).toEqual(['exited', 'exited', 'running', 'exited', 'running']);
});

test("a child stopped before it wrote its thread id is marked, and the main thread's workers are not taken for its", () => {
  // 2's child took a slot and wrote its parent, not yet its id (0), when 2 ended.
  const cells = boardOf([
    [1, 0],
    [2, 1],
    [0, 2],
    [5, 0],
  ]);
  activity.markExited(cells, 2);
  expect(states(cells)).toEqual(['running', 'exited', 'exited', 'running']);
});

test("the board is six header cells, the main thread's slot, then SLOTS slots, all of STRIDE cells", () => {
  // The hostile case forge-activity-board-lies reads this layout from the board's size, as an
  // attacker who has read this file would: a change of layout must change that case too.
  expect(activity.HEADER).toBe(6 + activity.STRIDE);
  expect(new Int32Array(activity.createBoard()).length).toBe(
    6 + (activity.SLOTS + 1) * activity.STRIDE,
  );
});
