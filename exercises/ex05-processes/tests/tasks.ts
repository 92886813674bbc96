// A task module for the visible tests. runInProcesses gets its path and the name of a function;
// each child process loads this file itself and calls the function.

export function square(n: number): number {
  return n * n;
}
