import * as fs from 'fs';
import { randomBytes } from 'crypto';
import { CHANNEL_FD, ChannelLine, DECLARE_TESTS, ENV, Overrun, readPlan, testId } from './channel';
import { installTracking, observeWorkers, stopEverything } from '../testkit/tracked';
import { planHangWatch, startHangWatch } from './hang-watch';
import { readDeadStates } from './dead-state';
import { startStackProbe } from './stack-probe';
import { pinWhatMatchersConsult } from './received';
import { freezeExpect, freezeIntrinsics, freezeTestKit } from './freeze';
import { openTokenVault, VAULT_ANSWER_MS } from './token-vault';
import { installGradedModuleGuards } from './graded-module';
import type { UnsettledPromise } from './channel';

// Runs in the test process before the test file, and so before any student code is loaded: one
// test file per process (see run/jest-attempt.ts). What it captures here, student code cannot
// take back; what it freezes, student code cannot change. See docs/security.md.

const apply = Reflect.apply;
// Real time, whatever fake timers later do to Date, performance and process.hrtime.
const hrtime = process.hrtime.bigint;
const channelOpen = process.env.GRADER_CHANNEL === String(CHANNEL_FD);
const writeSync = fs.writeSync;
const stringify = JSON.stringify;
const race = Promise.race.bind(Promise);
const realSetTimeout = setTimeout;
const realClearTimeout = clearTimeout;

/** The test whose function is running, until it settles (a timed-out one never does). */
let current: { id: string; settled: boolean } | undefined;

// One random token per planned test, drawn and handed to the grader by a thread of its own (the
// vault), so that no token is ever in this thread's heap; a test's token goes back only when its
// own function completed, within its time limit. Started before worker tracking, like the probe.
// The plan: each test to run and its limit (absent only outside the grader: then every test runs
// with jest's own limit).
const plan = readPlan(process.env[ENV.tests]);
// The stack probe reads stacks through the inspector, which Node's permission model refuses in a
// graded (confined) test process: there it is not started, the hello names no probe token, and
// any `stuck` line is tampering. Unconfined (the probe's own tests), its reports carry a token
// of its own, handed to the grader in the vault's hello: student code cannot write one.
const confined = (process as { permission?: unknown }).permission !== undefined;
const probeToken = confined ? undefined : randomBytes(16).toString('hex');
const planIds = [...(plan?.keys() ?? [])];
// The hang watch's board, made before any thread that must take no slot on it. Where the stack
// probe runs (unconfined), it reads a blocked main thread's stack at the limit, which says more
// than the watch's own thread could: that thread's job is then not given to anyone.
const watchPlan = planHangWatch(
  planIds,
  channelOpen && probeToken === undefined ? CHANNEL_FD : undefined,
);
// The vault's thread also runs the watch's own job: one thread to start, not two. It must start
// before startHangWatch shares the board below: a thread started after would take a slot on it.
const vault = openTokenVault(planIds, channelOpen ? CHANNEL_FD : undefined, probeToken, {
  watch: watchPlan.thread,
});
// Started before worker tracking too, so the probe is never one of the test's workers.
const probe =
  probeToken === undefined
    ? undefined
    : startStackProbe(channelOpen ? CHANNEL_FD : undefined, probeToken, [vault.threadId]);

// Where the student's promises that never settled were made (runtime/promise-sites.js): claimed
// here, before any student code, so no graded code can claim it after.
const promiseSites = (
  require('../runtime/promise-sites') as {
    claimPromiseSites(): PromiseSites | undefined;
  }
).claimPromiseSites();
interface PromiseSites {
  begin(): void;
  end(): void;
  pending(): UnsettledPromise[];
}

// The workers this thread started, as the hang watch sees them: until one is on its board it is
// still starting, and once it has exited nothing is waited for from it. The watch's own thread
// (the vault's) started before worker tracking, so it is never one of the test's workers.
const liveWorkerIds = new Set<number>();
const exitedWorkers = new Set<number>();
const hangWatch = startHangWatch(
  { live: () => [...liveWorkerIds], exited: (thread) => exitedWorkers.has(thread) },
  watchPlan,
  vault.tellWatch,
);
installTracking();
observeWorkers((worker) => {
  hangWatch.workerStarted();
  const thread = worker.threadId;
  liveWorkerIds.add(thread);
  worker.once('exit', () => {
    liveWorkerIds.delete(thread);
    exitedWorkers.add(thread);
    hangWatch.workerExited(thread);
  });
});
/**
 * jest's own time limit for a test comes this long after the setup's: the setup ends a test at
 * its limit itself and says so on the channel; jest's is only the backstop.
 */
const JEST_BACKSTOP_MS = 2000;
// The dead states the job's earlier test processes were hung in: in the environment, or, for a
// process started ahead, with the grader's go (they are known only then).
const deadStates =
  channelOpen && process.env[ENV.hold] === '1'
    ? waitForGo()
    : readDeadStates(process.env[ENV.deadStates]);
if (deadStates) hangWatch.seed(deadStates);

// Each test gets the time limit its manifest entry gives it. jest fixes a test's limit when the
// test is declared (jest.setTimeout in a hook comes too late), so the declaring functions are
// wrapped to pass the limit on; tests the grader did not ask for are declared skipped.
//
// Only the test file declares graded tests: its first line (jest/transform.js puts it there, before
// its imports, and so before any student code loads) claims the wrapped test and it, once. The
// global test and it refuse: a test declared by a module the test file imports would otherwise get
// a planned test's token under a planned title.
type TestFn = () => unknown;
type Declare = ((title: string, fn?: TestFn, timeout?: number) => void) & {
  skip: (title: string, fn?: TestFn) => void;
};
const scope = globalThis as unknown as Record<string, Declare>;
const declaring: Record<string, Declare> = {};
for (const name of ['test', 'it'] as const) {
  const declare = scope[name];
  const wrapped = (title: string, fn?: TestFn, timeout?: number) => {
    const id = testId(title);
    if (plan && !plan.has(id)) return declare.skip(title, fn);
    if (typeof fn !== 'function') return declare(title, fn, timeout);
    if (fn.length > 0)
      throw new Error(`"${title}": graded tests are async functions, not done callbacks`);
    // A planned test's limit is the plan's, whatever the file asks for.
    const limitMs = plan?.get(id) ?? timeout;
    const planned = plan !== undefined;
    const run = async function (this: unknown) {
      const started = hrtime();
      const running: { id: string; settled: boolean } = { id, settled: false };
      current = running;
      if (limitMs !== undefined) probe?.started(id, limitMs);
      promiseSites?.begin();
      const overrun = limitMs === undefined ? undefined : endOverrun(id, limitMs, started);
      try {
        await (overrun ? race([apply(fn, this, []), overrun.ended]) : apply(fn, this, []));
      } finally {
        overrun?.stop();
        promiseSites?.end();
        running.settled = true;
        probe?.ended(id);
      }
      // A test that finished past its limit (before the limit's timer could run) is over it: it
      // fails here, so jest never reports as passed a test that gets no pass token.
      const tookMs = Number((hrtime() - started) / 1_000_000n);
      if (limitMs !== undefined && tookMs > limitMs) {
        send({ k: 'over', id, why: 'time-limit', limitMs });
        throw new Error(`the test did not finish within ${limitMs} ms (it took ${tookMs} ms)`);
      }
      // Unconfirmed, jest would report a pass the grader holds no token for, which reads as
      // tampering and voids the exercise: it is an honest failure instead (graded code gains
      // nothing by starving the vault, it only fails its own test).
      if (planned && !vault.pass(id))
        throw new Error(
          `the grader could not record this pass: its recording thread did not answer within ${VAULT_ANSWER_MS / 1000} s (the machine is overloaded); check again`,
        );
    };
    return declare(title, run, limitMs === undefined ? undefined : limitMs + JEST_BACKSTOP_MS);
  };
  declaring[name] = Object.freeze(Object.assign(wrapped, declare));
  const refuse = (title: unknown) => {
    throw new Error(
      `${name}(${JSON.stringify(String(title)).slice(0, 80)}) outside the test file: graded code may not declare tests`,
    );
  };
  Object.defineProperty(globalThis, name, {
    value: Object.freeze(refuse),
    writable: false,
    configurable: false,
  });
}
let claimed = false;
Object.defineProperty(globalThis, DECLARE_TESTS, {
  value: () => {
    if (claimed) throw new Error('the test file has already claimed test and it');
    claimed = true;
    // The test file's first line: student code loads after it. The vault's thread starts slower
    // than jest loads a test file, so without this wait a hello written at import, with tokens of
    // the student's own, came first on the channel in every run and was the one believed.
    if (!vault.saidHello())
      throw new Error(
        `the grader's recording thread did not start within ${VAULT_ANSWER_MS / 1000} s (the machine is overloaded); check again`,
      );
    return declaring;
  },
  writable: false,
  configurable: false,
});

// What graded modules get for jest's module and require (transform.js).
installGradedModuleGuards();

// What assertions depend on, frozen before student code can reach it.
freezeExpect();
freezeIntrinsics();
pinWhatMatchersConsult();
freezeTestKit();

afterEach(async () => {
  // A test jest gave up on (its time limit passed, the main thread idle): the probe reads where the
  // workers wait before they are stopped. A blocked main thread never gets here; the probe's own
  // timer covers that.
  const late = current;
  current = undefined;
  if (late && !late.settled) await probe?.captureIdle(late.id, 2000);
  await stopEverything();
});

/**
 * Ends a running test that passes its limit or hangs, before jest would: the returned promise
 * rejects with the reason, after the reason went to the grader on the channel, so the grader
 * learns why from the setup and never from jest's wording. The timer is unreferenced and taken
 * before any student code loads, so it is none of the test's pending work (jest/hang-watch.ts)
 * and fake timers do not move it.
 */
function endOverrun(
  id: string,
  limitMs: number,
  started: bigint,
): { ended: Promise<never>; stop: () => void } {
  let stopWatch = () => undefined as unknown;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ended = new Promise<never>((_, reject) => {
    const end = (overrun: Overrun, message: string) => {
      stop();
      // Read before the test's promise is let go: what the student made and never settled.
      const unsettled = promiseSites?.pending() ?? [];
      send({ k: 'over', id, ...overrun, ...(unsettled.length > 0 && { unsettled }) });
      reject(new Error(message));
    };
    // The stack probe (unconfined runs only) reads where the threads wait before they stop.
    const probed = (then: () => void) =>
      void (probe ? probe.captureIdle(id, 2000) : Promise.resolve()).then(then);
    timer = realSetTimeout(
      () =>
        probed(() =>
          end({ why: 'time-limit', limitMs }, `the test did not finish within ${limitMs} ms`),
        ),
      limitMs,
    );
    timer.unref();
    stopWatch = hangWatch.watch(planIds.indexOf(id) + 1, (threads, again, keys) => {
      const afterMs = Number((hrtime() - started) / 1_000_000n);
      probed(() =>
        end(
          { why: 'hung', afterMs, threads, ...(again && { again }), keys },
          'the test hung: no thread could make progress',
        ),
      );
    });
  });
  const stop = () => {
    realClearTimeout(timer);
    stopWatch();
  };
  // A test that settles first leaves this promise pending for good: never an unhandled rejection.
  ended.catch(() => undefined);
  return { ended, stop };
}

function send(line: ChannelLine): void {
  if (!channelOpen) return;
  try {
    writeSync(CHANNEL_FD, stringify(line) + '\n');
  } catch {
    // The grader went away: nothing to tell.
  }
}

/**
 * Blocks until the grader writes its go on the channel: the student has saved and the code is
 * compiled. The go is one byte, then the job's dead states so far (ENV.deadStates) and a newline;
 * returns those. The end of the channel (the grader went away) ends the process.
 */
function waitForGo(): Set<string> | undefined {
  const byte = Buffer.alloc(1);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const line: number[] = [];
  for (;;) {
    try {
      if (fs.readSync(CHANNEL_FD, byte, 0, 1, null) !== 1) process.exit(0);
      // The newline ends the go; what came before it after the go byte is the dead states.
      if (byte[0] === 0x0a) return readDeadStates(Buffer.from(line.slice(1)).toString('utf8'));
      line.push(byte[0]);
    } catch (error) {
      // The socket may be non-blocking: nothing to read yet.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}
