/**
 * Runs the tasks at most `jobs` at a time, starting them in order; each result lands at its
 * task's index. Once `signal` is aborted no further task starts, and those never started are
 * left undefined.
 */
export async function inPool<T>(
  tasks: (() => Promise<T>)[],
  jobs: number,
  signal?: AbortSignal,
): Promise<(T | undefined)[]> {
  const results: (T | undefined)[] = new Array<T | undefined>(tasks.length).fill(undefined);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length && !signal?.aborted) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, tasks.length)) }, lane));
  return results;
}
