import type { Readable, Writable } from 'stream';
import { CHANNEL_FD, JestEvent, Overrun, StuckReport } from '../jest/channel';
import { ChannelReader, MAX_KEPT_BYTES } from './channel-reader';
import { LIMITS } from './limits';
import { startTree } from './process-tree';
import { TestClock } from './test-clock';
import { AttemptSetup, testProcessCommand } from './test-process';
import { TreeUsage, treeUsage } from './tree-usage';

export type { AttemptSetup } from './test-process';

/** What a run is held to once it goes. */
export interface AttemptLimits {
  /** How long jest may take to start and load a test file before it is called stuck. */
  loadLimitMs: number;
  /** How much CPU time the process tree may use to start and load a test file (a busy loop). */
  loadCpuMs: number;
  /** Kills the tree when aborted (the caller is stopping, e.g. Ctrl-C during a batch). */
  signal?: AbortSignal;
  /** Told once if the run looks stuck: a batch then starts its next job beside this one. */
  stall?: StallWatch;
  /**
   * The dead states the job's earlier test processes were proven hung in (Overrun's keys): a
   * process started ahead gets them with its go; one started now, in its environment (AttemptSetup).
   */
  deadStates?: readonly string[];
}

/**
 * What counts as stuck, and whom to tell: loading for `afterMs`, or in a test for `afterMs`
 * without using the CPU (waiting on a lock, a worker or a promise that never comes). Telling
 * changes no limit and no verdict. Each kind is told at most once per test process: a slow start
 * on a busy machine does not hide a test that then waits.
 */
export interface StallWatch {
  afterMs: number;
  notify: (cause: StallCause) => void;
}

export type StallCause = { kind: 'loading' } | { kind: 'waiting'; test: string };

export type AttemptPlan = AttemptSetup & AttemptLimits;

/** A test process started ahead (held) or now, waiting to be run once. */
export interface StartedAttempt {
  /** Lets the process load the test file (and so the student's code) and runs it to its end. */
  go(limits: AttemptLimits): Promise<Attempt>;
  /** Kills a process that will never go. */
  discard(): void;
  /** Whether the process already ended (a held one that died while waiting is no use). */
  ended(): boolean;
}

export type Stop =
  | { kind: 'finished' }
  | { kind: 'test-timeout'; test: string; limitMs: number }
  /**
   * Loading went on past its wall-time limit, or used up its CPU time (`measure`), with what the
   * tree held then: filling memory is busy work too.
   */
  | { kind: 'load-timeout'; limitMs: number; measure: 'wall' | 'cpu'; rssBytes?: number }
  | { kind: 'crashed'; code: number | null; signal: string | null }
  | { kind: 'resource'; what: 'memory' | 'processes' | 'channel'; detail: string };

export interface Attempt {
  /** What jest's reporter said: explanations, never points. */
  events: JestEvent[];
  /** Titles of the tests whose own function completed and handed back its pass token. */
  passed: Set<string>;
  /** Lines on the channel that neither the setup nor the reporter wrote. */
  tampering: string[];
  /** Per test title: where its threads were when it passed its time limit (jest/stack-probe.ts). */
  stuck: Map<string, StuckReport>;
  /** Per test title: the setup ended it, at its time limit or as hung (jest/setup.ts). */
  overruns: Map<string, Overrun>;
  stop: Stop;
  /** The test that had started and not finished when the attempt ended. */
  running?: string;
  output: string;
}

// Time granted beyond a test's own limit before the watchdog kills: jest's own timeout fires first
// when it can, and only a blocked main thread (a busy loop, Atomics.wait) needs the kill.
const POLL_MS = 100;
/**
 * One run of jest over one test file, in its own process group (and sandbox, when there is one)
 * under a watchdog. The channel (jest/channel.ts) is read as it comes, so the watchdog knows which
 * test is running and since when, and what the tree uses.
 */
export function runJestAttempt(plan: AttemptPlan): Promise<Attempt> {
  return startJestAttempt(plan, false).go(plan);
}

/**
 * Starts jest over one test file. A held process loads node, jest and the test setup, then waits
 * on its channel for one byte before it loads the test file: a watch keeps one ready per test
 * file, so a re-run after a save pays for none of that start-up. Limits start when it goes.
 */
export function startJestAttempt(plan: AttemptSetup, held: boolean): StartedAttempt {
  const { command, env, ids } = testProcessCommand(plan, held);
  const tree = startTree(command.command, command.args, {
    cwd: plan.subjectRoot,
    env,
    channel: true,
  });

  let ended = false;
  void tree.exited.then(() => (ended = true));
  let gone = false;
  return {
    ended: () => ended,
    discard: () => {
      if (!gone) tree.killTree();
    },
    go: (limits) => {
      if (gone) throw new Error('a test process runs once');
      gone = true;
      if (held)
        (tree.child.stdio[CHANNEL_FD] as Writable | null)?.write(
          `${GO}${JSON.stringify(limits.deadStates ?? null)}\n`,
        );
      return watchAttempt(plan, limits, tree, ids);
    },
  };
}

/**
 * A byte on the channel lets a held test process go on (jest/setup.ts), followed by the job's dead
 * states so far and a newline.
 */
const GO = '\u0001';

async function watchAttempt(
  plan: AttemptSetup,
  limits: AttemptLimits,
  tree: ReturnType<typeof startTree>,
  ids: Map<string, string>,
): Promise<Attempt> {
  const abort = () => tree.killTree();
  limits.signal?.addEventListener('abort', abort, { once: true });
  if (limits.signal?.aborted) abort();

  const clock = new TestClock(new Set(ids.values()));
  let running: { name: string; since: number } | undefined;
  let lastActivity = Date.now();
  /** The tree's CPU time at the first sample since the channel last said something new. */
  let cpuAtActivity: number | undefined;
  const reader = new ChannelReader(new Set(ids.keys()), (event) => {
    if (!clock.take(event, Date.now())) return;
    running = clock.running();
    lastActivity = Date.now();
    cpuAtActivity = undefined;
    // jest's reporter says "done" last: the verdicts are all in, so the tree goes now rather than
    // when node has finished exiting (a tenth of a second or more per test process, on every
    // check) or when graded code has stopped its exit (process.exit patched, a live timer). Only
    // a `done` the clock believes (after the file's end, no test open) counts.
    if (event.type === 'done') tree.killTree();
  });
  let stop: Stop | undefined;
  (tree.child.stdio[CHANNEL_FD] as Readable | null)
    ?.on('data', (chunk: Buffer) => {
      reader.push(chunk);
      // A flood past what the reader keeps is tampering already (the job scores 0): it is stopped
      // at its source at once. Left to the watchdog's next look, which a grader busy reading it
      // put off, a flood of newlines cost the grader 4.5 s of CPU for 10 s of it.
      if (reader.full && !stop) {
        stop = channelFull();
        tree.killTree();
      }
    })
    // A process that dies with bytes unread resets the socket: its end, not the grader's.
    .on('error', () => undefined);

  // Belt and braces: however the run behaves, it cannot outlast every limit added together.
  const limitOf = new Map(plan.tests.map((test) => [test.title, test.limitMs]));
  const idOf = new Map(plan.tests.map((test) => [test.title, test.id]));
  const overallLimitMs =
    plan.tests.reduce((sum, test) => sum + test.limitMs + LIMITS.killGraceMs, 0) +
    limits.loadLimitMs * 2;
  const deadline = Date.now() + overallLimitMs;

  const toldStalls = new Set<StallCause['kind']>();
  let lastSample = 0;
  let lastCpuMs = 0;
  /** When the tree last used the CPU: a test waiting without using it is likely deadlocked. */
  let busyAt = Date.now();
  const watchdog = setInterval(() => {
    const now = Date.now();
    if (running) {
      const limit = limitOf.get(running.name) ?? 0;
      // A main thread blocked for good (jest/hang-watch-worker.ts) cannot end its test itself.
      if (
        now - running.since > limit + LIMITS.killGraceMs ||
        blockedForGood(reader, idOf.get(running.name))
      )
        stop = { kind: 'test-timeout', test: running.name, limitMs: limit };
    } else if (now - lastActivity > limits.loadLimitMs) {
      stop = { kind: 'load-timeout', limitMs: limits.loadLimitMs, measure: 'wall' };
    }
    if (!stop && now > deadline) {
      stop = running
        ? {
            kind: 'test-timeout',
            test: running.name,
            limitMs: limitOf.get(running.name) ?? 0,
          }
        : { kind: 'load-timeout', limitMs: limits.loadLimitMs, measure: 'wall' };
    }
    if (!stop && now - lastSample >= LIMITS.sampleEveryMs && tree.child.pid !== undefined) {
      lastSample = now;
      const usage = treeUsage(tree.child.pid);
      if (usage) {
        stop = overLimits(usage);
        cpuAtActivity ??= usage.cpuMs;
        if (!stop && !running && usage.cpuMs - cpuAtActivity > limits.loadCpuMs)
          stop = {
            kind: 'load-timeout',
            limitMs: limits.loadCpuMs,
            measure: 'cpu',
            rssBytes: usage.rssBytes,
          };
        if (Math.abs(usage.cpuMs - lastCpuMs) > LIMITS.idleCpuMs) busyAt = now;
        lastCpuMs = usage.cpuMs;
      }
    }
    const stuckFor = running ? now - Math.max(running.since, busyAt) : now - lastActivity;
    const stall: StallCause = running
      ? { kind: 'waiting', test: running.name }
      : { kind: 'loading' };
    if (!stop && limits.stall && stuckFor > limits.stall.afterMs && !toldStalls.has(stall.kind)) {
      toldStalls.add(stall.kind);
      limits.stall.notify(stall);
    }
    if (stop) tree.killTree();
  }, POLL_MS);

  const exit = await tree.exited;
  clearInterval(watchdog);
  limits.signal?.removeEventListener('abort', abort);
  // Whatever jest left behind (a student's forked child, a stuck worker) goes with the group.
  tree.killTree();
  reader.end();
  // A `done` written before jest's (a test still open) is no end: a process that then dies has
  // crashed in its running test, which fails, rather than finished with that test left to run again.
  const finished = clock.finished();
  return {
    events: reader.events,
    passed: new Set([...reader.passed].map((id) => ids.get(id)!)),
    tampering: reader.tampering,
    stuck: new Map([...reader.stuck].map(([id, report]) => [ids.get(id)!, report])),
    overruns: new Map([...reader.overruns].map(([id, overrun]) => [ids.get(id)!, overrun])),
    stop:
      stop ??
      (finished ? { kind: 'finished' } : { kind: 'crashed', code: exit.code, signal: exit.signal }),
    running: running?.name,
    output: tree.outputTail(),
  };
}

const channelFull = (): Stop => ({
  kind: 'resource',
  what: 'channel',
  detail: `the test process wrote more to the results channel than the ${MAX_KEPT_BYTES / (1024 * 1024)} MiB a run may`,
});

function blockedForGood(reader: ChannelReader, id: string | undefined): boolean {
  const overrun = id === undefined ? undefined : reader.overruns.get(id);
  return overrun?.why === 'hung' && overrun.blocked === true;
}

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

function overLimits(usage: TreeUsage): Stop | undefined {
  if (usage.rssBytes > LIMITS.jobMemoryBytes)
    return {
      kind: 'resource',
      what: 'memory',
      detail: `the test processes used ${megabytes(usage.rssBytes)} of memory, more than the ${megabytes(LIMITS.jobMemoryBytes)} a job may use`,
    };
  if (usage.processes > LIMITS.jobProcesses || usage.threads > LIMITS.jobThreads)
    return {
      kind: 'resource',
      what: 'processes',
      detail: `the test started ${usage.processes} processes and ${usage.threads} threads at once, more than a job may (${LIMITS.jobProcesses} processes, ${LIMITS.jobThreads} threads)`,
    };
  return undefined;
}
