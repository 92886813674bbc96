// What the wake-up test and its workers (./wake-worker.ts, ./wake-steps.ts) agree on: the cells of
// one shared buffer through which the test stops a woken worker at a chosen moment.

/**
 * Where the one stop in progress is: a worker woken in lock() is stopped (WOKEN) until another
 * worker holds the lock and stays in its critical section (HOLDER_STAYS); then it goes on, back
 * for the lock (GOING_BACK), and the holder stays until it has either gone back to sleep or come
 * into the critical section too. IDLE: no stop in progress.
 */
export const PHASE = 0;
export const IDLE = 0;
export const WOKEN = 1;
export const HOLDER_STAYS = 2;
export const GOING_BACK = 3;
/** Stops made so far; none once STOP_BUDGET is reached. */
export const STOPS = 1;
export const STOP_BUDGET = 3;
/** 1 once some worker has been inside the critical section: the workers are all running by then. */
export const STARTED = 2;
/** Workers between lock() returning and calling unlock(), and the most there ever were at once. */
export const OCCUPIED = 3;
export const MOST_OCCUPIED = 4;
export const WAKE_STEP_CELLS = 5;
