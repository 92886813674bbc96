import { getEnvironmentData, setEnvironmentData } from 'worker_threads';
import { until } from './until';

// The test kit's poll: it resolves once its condition holds, and while it waits on the main thread
// it says so on the activity board, which the hang watch reads (jest/hang-watch.ts). About 0.1 s.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const activity = require('../runtime/thread-activity') as {
  BOARD_KEY: string;
  MAIN_POLLS: number;
  MAIN_MOVES: number;
  createBoard(): SharedArrayBuffer;
};

test('resolves once the condition holds, without a board', async () => {
  expect(getEnvironmentData(activity.BOARD_KEY)).toBeUndefined();
  let looks = 0;
  await until(() => ++looks === 3);
  expect(looks).toBe(3);
});

test('while it waits it is counted on the board, and its start and end are moves of the main thread', async () => {
  const board = activity.createBoard();
  const cells = new Int32Array(board);
  setEnvironmentData(activity.BOARD_KEY, board);
  try {
    const seen: number[][] = [];
    const look = () => [
      Atomics.load(cells, activity.MAIN_POLLS),
      Atomics.load(cells, activity.MAIN_MOVES),
    ];
    // Already true: no wait, nothing to tell.
    await until(() => true);
    seen.push(look());
    await until(() => {
      seen.push(look());
      return seen.length === 3;
    });
    seen.push(look());
    // The first look is made before the poll starts: a condition already true costs nothing.
    expect(seen).toEqual([
      [0, 0],
      [0, 0],
      [1, 1],
      [0, 2],
    ]);
  } finally {
    setEnvironmentData(activity.BOARD_KEY, undefined);
  }
});
