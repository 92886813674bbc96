import type { Exercise } from '../course/types';
import { strykerOptions } from './stryker-options';

// Stryker scores a mutant whose run outlasts its allowance as killed, and measures the suite's time
// once, in its initial run: the allowance must grow with --time-factor as the tests' own limits do,
// or a machine loaded after that run turns surviving mutants into kills.
test("Stryker's timeout allowance grows with the time factor", () => {
  const exercise = { id: 'ex05', folder: 'ex05-processes' } as Exercise;
  const allowance = (timeFactor: number) => {
    const options = strykerOptions(exercise, {
      concurrency: 1,
      graderRoot: '/course',
      mutate: [],
      timeFactor,
    });
    return { timeoutFactor: options.timeoutFactor, timeoutMS: options.timeoutMS };
  };
  expect(allowance(1)).toEqual({ timeoutFactor: 2, timeoutMS: 15_000 });
  expect(allowance(3)).toEqual({ timeoutFactor: 6, timeoutMS: 45_000 });
});
