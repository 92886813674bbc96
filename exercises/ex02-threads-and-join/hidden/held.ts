import * as path from 'path';
import { OccupancyProbe, liveWorkers } from '@course/testkit';

export const ARRIVED = 0;
export const RELEASED = 1;
export const FINISHED = 2;

const HOLD = path.join(__dirname, 'hold.ts');
const POLL_MS = 5;

/** Waits until every worker started in this test has exited (its 'exit' event has fired). */
export async function allExited(): Promise<void> {
  await exitedDownTo(0);
}

/** Waits until no more than `alive` workers of this test are still running. */
export async function exitedDownTo(alive: number): Promise<void> {
  while (liveWorkers().length > alive) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
}

/** How one held task ends: on which turn it is let go (1 by default), and whether it throws. */
export interface HeldOptions {
  turn?: number;
  fail?: string;
}

/**
 * Tasks that run hold.ts: each one posts its result ("result 0", "result 1", ...) and then keeps
 * running until its turn is released (release() lets every task go at once). The test sees,
 * through shared memory, how many have arrived (are running and have posted), how many are
 * inside at once (probe), and how many have finished.
 */
export class HeldTasks {
  readonly control = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
  readonly probe = new OccupancyProbe();
  private readonly cells = new Int32Array(this.control);

  constructor(
    readonly count: number,
    private readonly options: (index: number) => HeldOptions = () => ({}),
  ) {}

  get specs(): Array<{ script: string; data: unknown }> {
    return Array.from({ length: this.count }, (_, index) => ({
      script: HOLD,
      data: {
        control: this.control,
        probe: this.probe.buffer,
        result: `result ${index}`,
        turn: this.options(index).turn ?? 1,
        fail: this.options(index).fail,
      },
    }));
  }

  get arrived(): number {
    return Atomics.load(this.cells, ARRIVED);
  }

  get finished(): number {
    return Atomics.load(this.cells, FINISHED);
  }

  /** Lets every task go. */
  release(): void {
    this.releaseTurn(0x7fffffff);
  }

  /** Lets the tasks of turns up to `turn` go; the others keep running. */
  releaseTurn(turn: number): void {
    Atomics.store(this.cells, RELEASED, turn);
    Atomics.notify(this.cells, RELEASED);
  }

  /**
   * Blocks this thread, event loop and all, until every task has finished or `limitMs` has
   * passed. The workers run on without it; nothing of theirs reaches the main thread's code
   * meanwhile (no 'online', 'message' or 'exit' event), so what a test saw before the block was
   * decided before any task had finished.
   */
  blockUntilAllFinished(limitMs: number): void {
    const until = Date.now() + limitMs;
    for (let finished = this.finished; finished < this.count; finished = this.finished) {
      const left = until - Date.now();
      if (left <= 0) return;
      Atomics.wait(this.cells, FINISHED, finished, left);
    }
  }

  /**
   * Waits until every task has arrived. The tasks cannot end before release(), so if fewer than
   * `count` workers are alive while we wait, they were not all started: fail at once, with why.
   */
  async allArrived(): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (this.arrived >= this.count) return;
      const alive = liveWorkers().length;
      if (alive < this.count) {
        throw new Error(
          `only ${alive} of the ${this.count} tasks had a running worker, and the tasks cannot end ` +
            'until the test lets them: every thread must be started before any is joined',
        );
      }
    }
  }
}
