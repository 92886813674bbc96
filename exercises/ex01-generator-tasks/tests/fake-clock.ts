import type { Clock } from '@subject/ex01-generator-tasks/event-loop';

/** How many times now() may be read while no time passes before it counts as a busy wait. */
const SPIN_LIMIT = 10_000;

/**
 * A clock that only moves when someone sleeps on it, so tests never wait for real and every run
 * is the same. A task that spins on now() instead of sleeping would spin forever here: after
 * SPIN_LIMIT reads with no time passing it throws instead, with a reason.
 */
export class FakeClock implements Clock {
  private time = 0;
  private readsWhileStill = 0;
  /** Every sleep, in order, in milliseconds. */
  readonly sleeps: number[] = [];

  now(): number {
    if (++this.readsWhileStill > SPIN_LIMIT) {
      throw new Error(
        `busy wait: clock.now() was read ${SPIN_LIMIT} times while no time passed. ` +
          'Spend time with clock.sleep(stepMs) and then yield, instead of looping on the clock.',
      );
    }
    return this.time;
  }

  sleep(ms: number): void {
    this.readsWhileStill = 0;
    this.time += ms;
    this.sleeps.push(ms);
  }
}
