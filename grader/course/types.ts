export type Visibility = 'visible' | 'hidden' | 'after_due_date' | 'after_published';

/** The manifest as written in exercise.json. */
export interface Manifest {
  id: string;
  slug: string;
  title: string;
  chapter?: string;
  files: string[];
  points: number;
  timeoutMs: number;
  hints: string[];
  /** How many runs a test must pass to count as passed (absent: 1); see result/runs-policy.ts. */
  runs?: number;
  stylePoints?: number;
  /** What the README promises; every promise is checked by a test (see course/load.ts). */
  promises?: ReadmePromise[];
  tests: ManifestTest[];
}

/** A behaviour the exercise README promises. */
interface ReadmePromise {
  id: string;
  text: string;
}

export interface ManifestTest {
  name: string;
  points: number;
  visibility: Visibility;
  timeoutMs?: number;
  /** This test's own number of runs, instead of the exercise's. */
  runs?: number;
  /** Ids of the promises this test can fail for. */
  checks?: string[];
  hint?: string;
}

/** A manifest test with what is derived from the course tree. */
export interface TestSpec extends ManifestTest {
  timeoutMs: number;
  /** How many runs it must pass: its own runs, else the exercise's, else 1. */
  runs: number;
  /** Absolute path of the test file that defines it; undefined when that file is absent (a student copy). */
  file?: string;
}

export interface Exercise extends Omit<Manifest, 'tests'> {
  /** Folder name, `${id}-${slug}`: the same under exercises/, solutions/ and in every submission. */
  folder: string;
  /** Absolute path of the exercise folder (starter, README, manifest, tests). */
  dir: string;
  manifestPath: string;
  tests: TestSpec[];
}

export interface Course {
  root: string;
  exercises: Exercise[];
}
