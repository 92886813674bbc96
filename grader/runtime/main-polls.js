'use strict';
// The test kit's polls on the main thread (testkit/until.ts) mark themselves on the activity
// board (runtime/thread-activity.js), so that the hang watch (jest/hang-watch.ts) can tell a poll
// that waits only for workers from work of the main thread's own.

const { BOARD_KEY, MAIN_POLLS, MAIN_MOVES } = require('./thread-activity');

/**
 * Main-thread side, for the test kit's polls (testkit/until.ts): a poll that waits only for other
 * threads to change what it looks at marks itself here while it waits. The hang watch then counts
 * its timer as nothing pending (MAIN_POLLS): when every worker sleeps for good, what the poll
 * waits for can never come. Each start and end of a poll is a move of the main thread (MAIN_MOVES),
 * after which the watch looks afresh: a poll that saw its condition come true goes on to act, and
 * may wake a worker the board still shows asleep. Undefined off the main thread or with no board.
 * A poll that claims this falsely can only have its own test called hung.
 */
function mainPolls() {
  const { isMainThread, getEnvironmentData } = require('worker_threads');
  if (!isMainThread) return undefined;
  let board;
  try {
    board = getEnvironmentData(BOARD_KEY);
  } catch {
    return undefined;
  }
  // The board may come from another realm (jest's): no instanceof.
  if (Object.prototype.toString.call(board) !== '[object SharedArrayBuffer]') return undefined;
  const cells = new Int32Array(board);
  return {
    start() {
      Atomics.add(cells, MAIN_POLLS, 1);
      Atomics.add(cells, MAIN_MOVES, 1);
    },
    end() {
      Atomics.sub(cells, MAIN_POLLS, 1);
      Atomics.add(cells, MAIN_MOVES, 1);
    },
  };
}

module.exports = { mainPolls };
