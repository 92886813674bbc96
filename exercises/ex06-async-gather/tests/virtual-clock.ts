// Imported by the ex06 test files before the subject, so the fake clock is in place before the
// subject's module loads: code that keeps a reference at load (`const { now } = Date`) reads
// virtual time too. One clock serves the whole file; each test starts it again at 0, with no timer
// left from the test before. Every setTimeout (and so sleep) waits for the test to advance it.
jest.useFakeTimers({ now: 0 });

beforeEach(() => {
  jest.clearAllTimers();
  jest.setSystemTime(0);
});

export {};
