import { installTracking, stopEverything } from '../testkit/tracked';

installTracking();

// Each test gets the time limit its manifest entry gives it (jest reads the limit after the
// beforeEach hooks have run, so setting it here applies to the test about to start).
const timeouts =
  (globalThis as { __GRADER_TIMEOUTS__?: Record<string, number> }).__GRADER_TIMEOUTS__ ?? {};
beforeEach(() => {
  const limit = timeouts[expect.getState().currentTestName ?? ''];
  if (limit) jest.setTimeout(limit);
});

afterEach(async () => {
  await stopEverything();
});
