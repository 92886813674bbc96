import type { ExerciseResult } from './types';

// The documents a batch run (`grade`, `merge`) writes and reads, as types only: batch/ builds
// them, report/ renders them, and neither has to import the other for the shapes. Each matches
// its schema in schemas/ (gradebook, grade-job, grade-run).

/** The class layouts `grade` reads (batch/intake/layouts.ts reads each). */
export type LayoutName = 'folders' | 'canvas' | 'moodle' | 'gradescope' | 'classroom';

/** The LMS import files `--export` writes; `csv` is gradebook.csv, always written. */
export type ExportFormat = 'canvas' | 'moodle' | 'csv';

/** The column Moodle matches users by: their email address or their ID number (sis_id). */
export type MoodleIdentifier = 'email' | 'idnumber';

/** Who a submission belongs to, as the LMS export or the roster says. */
export interface Person {
  name?: string;
  email?: string;
  sis_id?: string;
  login?: string;
  section?: string;
}

/**
 * missing: on the roster, nothing submitted at all; not_submitted: this exercise's files absent;
 * unchanged: the starter as handed out (graded as it is, whatever it scores).
 */
type GradeStatus = 'pass' | 'fail' | 'error' | 'not_submitted' | 'missing' | 'unchanged';

export interface GradebookRow extends Person {
  id: string;
  /** The LMS marked the submission late. */
  late?: boolean;
  /** With --roster: on it with nothing submitted, or a submission not on it. */
  roster?: 'missing' | 'unmatched';
  exercises: Record<string, { score: number; max_score: number; status: GradeStatus }>;
  total: number;
  max: number;
  /** The student's documents (feedback.md, result.json) could not be written: why. */
  report_error?: string;
}

/** How the class was read: the layout, every decision, every entry not graded. */
interface IntakeReport {
  layout: LayoutName;
  decisions: string[];
  skipped: { name: string; reason: string }[];
  /** Submissions that matched no roster student (with --roster). */
  unmatched: string[];
}

/** The class at a glance, built one student at a time (batch/output/summary.ts). */
export interface Summary {
  students: number;
  mean: number;
  median: number;
  /** The most a student can score. */
  max: number;
  exercises: {
    id: string;
    mean: number;
    max_score: number;
    not_submitted: number;
    /** Handed in as the unchanged starter (absent in gradebooks written before it was counted). */
    unchanged?: number;
  }[];
  most_failed: { exercise: string; test: string; failed: number; of: number }[];
  troubled_jobs: {
    student: string;
    exercise: string;
    trouble: 'timeout' | 'crash';
    tests: string[];
  }[];
  /** Tests that passed in some runs and failed in another (absent in older gradebooks). */
  varied?: { student: string; exercise: string; test: string; runs: number; failed_runs: number }[];
}

/** gradebook.json (schemas/gradebook.schema.json); gradebook.csv is rendered from it. */
export interface Gradebook {
  version: 1;
  /** Only in gradebooks of older versions: a gradebook holds no time, so regrading is byte-identical. */
  generated_at?: string;
  exercises: { id: string; title: string; max_score: number }[];
  students: GradebookRow[];
  summary: Summary;
  intake?: IntakeReport;
  /** The LMS import files written (--export), and who each leaves out and why. */
  imports?: { file: string; left_out: string[] }[];
}

/** One file an exercise declares, as taken from a submission (or why not). */
export interface IntakeFile {
  file: string;
  status: 'taken' | 'missing' | 'refused';
  from?: string;
  reason?: string;
  /** Taken under another name (a near match: `lock (1).ts` for lock.ts), and why. */
  note?: string;
}

/** jobs/<student>/<exercise>.json (schemas/grade-job.schema.json): one finished job. */
export interface JobRecord {
  version: 1;
  student: string;
  exercise: string;
  input_digest: string;
  graded_at: string;
  /** unchanged: every file taken is the starter, byte for byte. */
  intake: { submitted: boolean; unchanged?: boolean; files: IntakeFile[] };
  result: ExerciseResult;
}

/**
 * What a renderer of one student's work needs of the job records: whether each exercise was
 * submitted at all (a JobRecord is one).
 */
export interface SubmittedExercise {
  exercise: string;
  intake: { submitted: boolean; unchanged?: boolean; files?: Pick<IntakeFile, 'note'>[] };
}

export interface ExportOptions {
  /** `csv` is gradebook.csv, always written; the others add an LMS import file. */
  formats: ExportFormat[];
  /** One total column with this name instead of a column per exercise. */
  assignment?: string;
  moodle_identifier?: MoodleIdentifier;
}

/** What run.json keeps of the class listing: the same in every shard, apart from `people`. */
export interface RunIntake extends IntakeReport {
  /** This shard's students that the export or the roster says something about, by id. */
  people: Record<string, Person & Pick<GradebookRow, 'late' | 'roster'>>;
}

/** run.json (schemas/grade-run.schema.json): what an --out folder holds. */
export interface RunRecord {
  version: 1;
  shard: { index: number; count: number };
  roster_digest: string;
  students: string[];
  exercises: { id: string; title: string; max_score: number; digest: string }[];
  formats: 'gradescope'[];
  /** How the class was read (layout, decisions, skipped entries) and who this shard's students are. */
  intake?: RunIntake;
  /** LMS import files finalize writes (--export). */
  exports?: ExportOptions;
}
