import type { JobRecord } from '../result/gradebook';
import type { TestResult } from '../result/types';

// What the class report says about mistakes rather than tests: the known mistakes recognised in
// submissions (result/mistakes.ts) with who made each, every failed test student by student with
// its verdict, where hung submissions were stuck, and how long grading took. Computed from the
// job records alone, in one pass, so grade, merge and report draw the same page.

export interface MistakeStat {
  exercise: string;
  variant: string;
  mistake: string;
  students: string[];
}

export interface TestFailure {
  student: string;
  /** "failed", "timed out", or "timed out (deadlock)" when the stack probe judged it. */
  verdict: string;
}

export interface TestDrill {
  exercise: string;
  test: string;
  failures: TestFailure[];
}

export interface StuckPlace {
  exercise: string;
  /** `Mutex.lock (ex03-race-and-lock/mutex.ts:31:15)`, or the location alone. */
  where: string;
  students: string[];
}

export interface GradingTime {
  jobs: number;
  /** Sum of every job's own time: what grading cost, whatever the parallelism. */
  total_ms: number;
  slowest?: { student: string; exercise: string; ms: number };
  /** When the last job was graded: the page's date, read from the records so a rewrite is equal. */
  last_graded_at?: string;
}

export interface ClassInsights {
  mistakes: MistakeStat[];
  drill: TestDrill[];
  stuck: StuckPlace[];
  time: GradingTime;
}

const failedTest = (test: TestResult) => test.status === 'fail' || test.status === 'timeout';

const verdictOf = (test: TestResult) =>
  test.status === 'fail' ? 'failed' : `timed out${test.stuck ? ` (${test.stuck.verdict})` : ''}`;

/** Where a timed-out test was stuck: the first student frame the probe saw, else its location. */
function stuckWhere(test: TestResult): string | undefined {
  const thread =
    test.stuck?.threads.find((each) => each.name === 'main thread' && each.frames.length > 0) ??
    test.stuck?.threads.find((each) => each.frames.length > 0);
  const frame = thread?.frames[0];
  if (frame) return `${frame.function} (${frame.file}:${frame.line}:${frame.column})`;
  const at = test.location;
  return at ? `${at.file}:${at.line}:${at.column}` : undefined;
}

const byCountThenName = <T extends { students: string[] }>(key: (item: T) => string) => {
  return (a: T, b: T) => b.students.length - a.students.length || key(a).localeCompare(key(b));
};

/**
 * Takes the records one at a time (they may come from a one-pass stream, shared with the other
 * statistics), keeping per-test lists of student ids only; `result()` sorts, so order never matters.
 */
export function insightsCollector(): { add(record: JobRecord): void; result(): ClassInsights } {
  const mistakes = new Map<string, MistakeStat>();
  const drill = new Map<string, TestDrill & { order: string }>();
  const stuck = new Map<string, StuckPlace>();
  const time: GradingTime = { jobs: 0, total_ms: 0 };
  const add = (record: JobRecord) => {
    const { result, student, exercise } = record;
    time.jobs++;
    time.total_ms += result.duration_ms;
    if (!time.last_graded_at || record.graded_at > time.last_graded_at)
      time.last_graded_at = record.graded_at;
    const slowest = time.slowest;
    if (
      !slowest ||
      result.duration_ms > slowest.ms ||
      (result.duration_ms === slowest.ms &&
        `${student}\u0000${exercise}` < `${slowest.student}\u0000${slowest.exercise}`)
    )
      time.slowest = { student, exercise, ms: result.duration_ms };
    if (!record.intake.submitted) return;
    if (result.mistake) {
      // Twins named together ("one of these") are one row, under every variant they name.
      const variant = [
        result.mistake.variant,
        ...(result.mistake.or ?? []).map((o) => o.variant),
      ].join(' or ');
      const key = `${exercise}\u0000${variant}`;
      const stat = mistakes.get(key) ?? {
        exercise,
        variant,
        mistake: result.mistake.mistake,
        students: [],
      };
      stat.students.push(student);
      mistakes.set(key, stat);
    }
    result.tests.forEach((test, index) => {
      if (!failedTest(test)) return;
      const key = `${exercise}\u0000${test.name}`;
      const entry = drill.get(key) ?? {
        exercise,
        test: test.name,
        failures: [],
        order: `${exercise}\u0000${String(index).padStart(4, '0')}`,
      };
      entry.failures.push({ student, verdict: verdictOf(test) });
      drill.set(key, entry);
      const where = test.status === 'timeout' ? stuckWhere(test) : undefined;
      if (where) {
        const place = stuck.get(`${exercise}\u0000${where}`) ?? { exercise, where, students: [] };
        if (!place.students.includes(student)) place.students.push(student);
        stuck.set(`${exercise}\u0000${where}`, place);
      }
    });
  };
  const sortStudents = <T extends { students: string[] }>(item: T) => ({
    ...item,
    students: [...item.students].sort(),
  });
  const result = (): ClassInsights => ({
    mistakes: [...mistakes.values()]
      .map(sortStudents)
      .sort(byCountThenName((stat) => `${stat.exercise} ${stat.variant}`)),
    drill: [...drill.values()]
      .sort((a, b) => b.failures.length - a.failures.length || a.order.localeCompare(b.order))
      .map(({ order: _order, ...entry }) => ({
        ...entry,
        failures: [...entry.failures].sort((a, b) => a.student.localeCompare(b.student)),
      })),
    stuck: [...stuck.values()]
      .map(sortStudents)
      .sort(byCountThenName((place) => `${place.exercise} ${place.where}`)),
    time: { ...time },
  });
  return { add, result };
}

export function classInsights(records: Iterable<JobRecord>): ClassInsights {
  const collector = insightsCollector();
  for (const record of records) collector.add(record);
  return collector.result();
}
