/**
 * What one job may use. A job is one exercise of one subject: its type-check and its test
 * process tree (jest, the workers and children the student's code starts).
 */
export const LIMITS = {
  /** Resident memory of the whole test process tree, V8 heaps and off-heap buffers alike. */
  jobMemoryBytes: 1536 * 1024 * 1024,
  /** Processes alive at once in the test process tree (jest counts as one). */
  jobProcesses: 64,
  /** Threads alive at once in the test process tree (Node runs about a dozen per process). */
  jobThreads: 1024,
  /** V8 heap of the test process (jest), in MB. */
  testHeapMb: 1024,
  /** The most a worker_threads worker's heap may be, whatever resourceLimits it asks for. */
  workerHeapMb: 256,
  /** The job's private /tmp (in the sandbox), in bytes. */
  tmpBytes: 256 * 1024 * 1024,
  /** The type-checker: its heap in MB and its time per job (an honest file takes a second or two). */
  typecheckHeapMb: 1024,
  /** CPU time where it can be measured (Linux), else wall time. */
  typecheckMs: 20_000,
  /** On a loaded machine a type-check may take this many times its limit in wall time. */
  typecheckWallFactor: 5,
  /** How often the tree's memory and process count are sampled. */
  sampleEveryMs: 250,
  /** A test file's start (jest, the setup and the student's imports) before its first test. */
  loadMs: 20_000,
  /**
   * The same start in CPU time of the test process tree. Honest code starts on at most 0.6 s of it
   * (every course test file, in the sandbox, nothing compiled yet), while a loop at the top level
   * burns a second per second: a busy load is stopped here, long before the wall-time limit above,
   * which is left for loads that wait without computing (a blocking wait at import).
   */
  loadCpuMs: 5_000,
  /**
   * A test process loading this long (honest code loads in well under a second), or in a test
   * this long without using the CPU (waiting on a lock, a worker or a promise that never comes),
   * is likely stuck: a batch starts its next job beside it (run/jest-attempt.ts, StallWatch).
   */
  stallMs: 5_000,
  /** CPU time per sample (sampleEveryMs) under which a test process tree counts as waiting. */
  idleCpuMs: 20,
  /** After a test's own limit, how long its process gets to report before it is killed. */
  killGraceMs: 3_000,
  /** prettier on the student's files. */
  styleMs: 30_000,
  /** A batch runner asked to stop, before it is killed. */
  runnerStopGraceMs: 10_000,
} as const;

/**
 * Backstops far above what the limits above allow, so only a stuck grader (never a student's
 * code) reaches them: a batch job, and a test of the grader that runs an exercise's tests. A test
 * may be run several times (its manifest's `runs`), each run within its limit.
 */
export const jobBackstopMs = (tests: { timeoutMs: number; runs?: number }[]) =>
  120_000 + tests.reduce((sum, test) => sum + (test.runs ?? 1) * (test.timeoutMs + 15_000), 0);
export const exerciseRunBackstopMs = (tests: { timeoutMs: number; runs?: number }[]) =>
  30_000 + tests.reduce((sum, test) => sum + (test.runs ?? 1) * (test.timeoutMs + 3_000), 0);

/** A watch waits this long after a save: editors write a file in a burst of events within a few ms. */
export const WATCH_DEBOUNCE_MS = 50;
