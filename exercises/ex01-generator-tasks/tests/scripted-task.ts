import type { Task } from '@subject/ex01-generator-tasks/event-loop';

/** After this many calls on a finished task, give up: the loop would never stop. */
const RUNAWAY_LIMIT = 1000;

/**
 * A hand-made task for testing the loop: it yields `yields` times, then returns what `finish`
 * gives (or throws what `finish` throws). Every next() call is written to the shared `trace`,
 * so a test can check the exact order in which the loop advanced the tasks; calls made after the
 * task had finished are counted in `callsAfterDone` (and traced as "<name>!").
 */
export class ScriptedTask<R> implements Task<R> {
  private calls = 0;
  private finished = false;
  callsAfterDone = 0;

  constructor(
    readonly name: string,
    readonly yields: number,
    readonly finish: () => R,
    readonly trace: string[],
  ) {}

  next(): IteratorResult<undefined, R> {
    if (this.finished) {
      this.callsAfterDone++;
      this.trace.push(`${this.name}!`);
      if (this.callsAfterDone > RUNAWAY_LIMIT) {
        throw new Error(`task ${this.name} was advanced ${RUNAWAY_LIMIT} times after it finished`);
      }
      return { done: true, value: undefined as R };
    }
    this.trace.push(this.name);
    this.calls++;
    if (this.calls <= this.yields) return { done: false, value: undefined };
    this.finished = true;
    return { done: true, value: this.finish() };
  }
}

/** Tasks that share one trace: `scripted(trace, ['A', 2, () => 'a'], ...)`. */
export function scripted<R>(
  trace: string[],
  ...specs: Array<[name: string, yields: number, finish: () => R]>
): { tasks: Record<string, ScriptedTask<R>>; list: ScriptedTask<R>[] } {
  const list = specs.map(([name, yields, finish]) => new ScriptedTask(name, yields, finish, trace));
  return { tasks: Object.fromEntries(list.map((task) => [task.name, task])), list };
}
