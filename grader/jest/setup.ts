import { installTracking, stopEverything } from '../testkit/tracked';

installTracking();

// Each test gets the time limit its manifest entry gives it. jest fixes a test's limit when the
// test is declared (jest.setTimeout in a hook comes too late), so the declaring functions are
// wrapped to pass the limit on; their helpers (.only, .skip, .each, .failing) are kept as they are.
const timeouts =
  (globalThis as { __GRADER_TIMEOUTS__?: Record<string, number> }).__GRADER_TIMEOUTS__ ?? {};
type Declare = (title: string, fn?: unknown, timeout?: number) => void;
for (const name of ['test', 'it'] as const) {
  const scope = globalThis as unknown as Record<string, Declare>;
  const declare = scope[name];
  scope[name] = Object.assign(
    (title: string, fn?: unknown, timeout?: number) =>
      declare(title, fn, timeout ?? timeouts[title]),
    declare,
  );
}

afterEach(async () => {
  await stopEverything();
});
