// Imported before the subject, so the subject's module code (say `const { wait } = Atomics` at its
// top) already finds the patched function: a wait sleeps until it is woken, whatever time-out the
// lock gives it. unlock() must wake a waiting worker, not leave it to a time-out (the README's
// promise).
const waitUntilWoken = Atomics.wait;
Atomics.wait = ((array: Int32Array, index: number, value: number) =>
  waitUntilWoken(array, index, value)) as typeof Atomics.wait;
