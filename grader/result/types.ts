import type { Visibility } from '../course/types';

// The result contract (schemas/result.schema.json). Field names follow the schema, which follows
// Gradescope's and Exercism's vocabulary, so every reporter renders the same object.

export type RunStatus = 'pass' | 'fail' | 'error';
export type TestStatus = 'pass' | 'fail' | 'timeout' | 'skipped';

export interface Location {
  /** Relative to the subject root: `<exercise folder>/<file>`. */
  file: string;
  line: number;
  column: number;
}

export interface Diagnostic extends Location {
  code: string;
  message: string;
}

export interface TestResult {
  name: string;
  visibility: Visibility;
  status: TestStatus;
  score: number;
  max_score: number;
  message?: string;
  duration_ms?: number;
  location?: Location;
  hint?: string;
  /**
   * A failing case-table test: the kind of input it failed for, one of its table's kinds ("an
   * empty list of tasks"); shown even when the test is hidden (result/failed-input-kind.ts).
   */
  failed_input_kind?: string;
  /** How many runs this result stands for (absent: one); see result/merge-runs.ts. */
  runs?: number;
  /** In how many of those runs the test did not pass. */
  failed_runs?: number;
  /** A timed-out test: where each thread was when it passed its limit (jest/stack-probe.ts). */
  stuck?: Stuck;
}

export type StuckVerdict = 'deadlock' | 'busy loop' | 'too slow';

export interface Stuck {
  verdict: StuckVerdict;
  /** The main thread first, then the workers in the order they were started. */
  threads: StuckThread[];
}

export interface StuckThread {
  /** "main thread" or "worker 3 of 10". */
  name: string;
  /** `waiting`: in Atomics.wait; `idle`: back in its event loop (awaiting); `running`: computing. */
  state: 'waiting' | 'idle' | 'running';
  /** Innermost first, only frames in the student's files. */
  frames: StuckFrame[];
}

export interface StuckFrame {
  function: string;
  /** Relative to the subject root, as in Location. */
  file: string;
  line: number;
  column: number;
}

/** A known mistake a result's failures match clearly (result/mistakes.ts). */
export interface Recognised {
  /** The known-wrong solution's folder name. */
  variant: string;
  /** What the code most likely does: behaviour, never a test's title. */
  mistake: string;
  hint?: string;
  /** Similarity of the failures to the mistake's, 0 to 1. */
  score: number;
  /**
   * Other known mistakes whose failures are exactly this one's (twins): the code most likely makes
   * one of them, and `mistake` then names them all ("one of these, ...").
   */
  or?: { variant: string; mistake: string }[];
}

export interface ExerciseResult {
  id: string;
  slug: string;
  title: string;
  status: RunStatus;
  message?: string;
  score: number;
  max_score: number;
  duration_ms: number;
  compile: { ok: boolean; diagnostics: Diagnostic[] };
  style?: { ok: boolean; unformatted: string[]; score: number; max_score: number };
  tests: TestResult[];
  hidden: { absent_count: number; absent_points: number };
  hints?: string[];
  /** The known mistake the failures most likely are (result/mistakes.ts); absent when unsure. */
  mistake?: Recognised;
  output?: string;
  /** Instructor-facing: lines on the results channel the tests did not write (the exercise scores 0). */
  tampering?: string[];
  /** How many runs of the tests this result merges (absent: one); see result/merge-runs.ts. */
  runs?: number;
  /** In how many of those runs not every test passed. */
  failed_runs?: number;
  /** sha256 of the student's files these runs tested, so runs of the same code can be merged. */
  source_sha256?: string;
}

export interface ResultDocument {
  version: 1;
  subject: string;
  status: RunStatus;
  score: number;
  max_score: number;
  generated_at: string;
  exercises: ExerciseResult[];
}

export function summarize(subject: string, exercises: ExerciseResult[]): ResultDocument {
  const score = exercises.reduce((sum, exercise) => sum + exercise.score, 0);
  const maxScore = exercises.reduce((sum, exercise) => sum + exercise.max_score, 0);
  const status: RunStatus = exercises.every((exercise) => exercise.status === 'pass')
    ? 'pass'
    : exercises.every((exercise) => exercise.status === 'error')
      ? 'error'
      : 'fail';
  return {
    version: 1,
    subject,
    status,
    score: round(score),
    max_score: round(maxScore),
    generated_at: new Date().toISOString(),
    exercises,
  };
}

export const round = (points: number) => Math.round(points * 100) / 100;

/** One known mistake as its book keeps it: what its known-wrong variant was seen to fail. */
export interface MistakeSignature {
  /** The known-wrong variant's folder name. */
  variant: string;
  /** What the code does, as variant.json says (behaviour only, never a test's title). */
  mistake: string;
  hint?: string;
  /** How many runs the features were gathered from. */
  runs: number;
  /** Each failure feature and in how many of those runs it was seen. */
  features: Record<string, number>;
}

export interface MistakeBook {
  version: 1;
  exercise: string;
  signatures: MistakeSignature[];
}
