import { DECLARE_TESTS, ENV, readPlan, testId } from '../jest/channel';
import { installGradedModuleGuards } from '../jest/graded-module';
import { installTracking, stopEverything } from '../testkit/tracked';

// The setup of mutation runs (jest.mutate.config.ts): what a graded run's setup (jest/setup.ts)
// does that decides a test's outcome, and nothing that talks to the grader. Here jest runs inside
// Stryker's test-runner process, whose file descriptor 3 is Stryker's own IPC channel, not the
// grader's; the code under test is the course's own solution, so nothing needs freezing.

installTracking();

// Each test keeps the time limit its manifest entry gives it, as when graded: a mutant that makes
// a test wait past its limit fails that test (and is killed), as a student's code would.
const plan = readPlan(process.env[ENV.tests]);
type TestFn = () => unknown;
type Declare = (title: string, fn?: TestFn, timeout?: number) => void;
const scope = globalThis as unknown as Record<string, Declare>;
for (const name of ['test', 'it'] as const) {
  const declare = scope[name];
  const wrapped = (title: string, fn?: TestFn, timeout?: number) =>
    declare(title, fn, plan?.get(testId(title)) ?? timeout);
  scope[name] = Object.assign(wrapped, declare);
}
// The transform makes a test file's first line take test and it from here (jest/setup.ts hands them
// out once, to keep them from student code; here the code under test is the course's own).
Object.defineProperty(globalThis, DECLARE_TESTS, {
  value: () => ({ test: scope.test, it: scope.it }),
});

// The transform wraps every graded file in the stand-ins for jest's module and require
// (jest/transform.js), so they must exist here too: without them every test failed at the
// solution's first line and Stryker's first run stopped the whole mutation run. The host's doors
// stay open (closeHost: false): Stryker runs jest again in this same process, and the code under
// test is the course's own.
installGradedModuleGuards({ closeHost: false });

// Whatever a mutant left running (a worker that never exits, a child never killed) is stopped, so
// it cannot hold up or disturb the next test.
afterEach(async () => {
  await stopEverything();
});
