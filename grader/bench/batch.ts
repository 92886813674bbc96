import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Course, Exercise } from '../course/types';
import { graderRoot } from '../paths';
import { LIMITS } from '../run/limits';
import { gradeCommand } from './commands';
import { runTimed } from './run-timed';
import { classMix, Kind, KINDS, Student, writeClass } from './sample-class';
import { ceilingSpeedup, extrapolate, perMinute, ratio } from './stats';

export interface GradeRun {
  submissions: number;
  ms: number;
  per_minute: number;
  peak_rss_bytes: number;
  /** Busy CPU time of the machine over the run, all cores (see machine-cpu.ts). */
  cpu_ms: number;
  /**
   * Submissions graded as their kind says they should be: a correct one passes every exercise, any
   * other fails one. Throughput means nothing when it is short (a type-checker out of time under
   * heavy load fails correct code).
   */
  verdicts_right: number;
}

/** How many students' statuses (one per exercise) match their kind. */
export function rightVerdicts(students: Student[], statuses: Map<string, string[]>): number {
  return students.filter((student) => {
    const mine = statuses.get(student.id) ?? [];
    const passed = mine.length > 0 && mine.every((status) => status === 'pass');
    return student.kind === 'correct' ? passed : mine.length > 0 && !passed;
  }).length;
}

function readStatuses(
  out: string,
  students: Student[],
  exercises: Exercise[],
): Map<string, string[]> {
  const statuses = new Map<string, string[]>();
  for (const student of students) {
    const mine: string[] = [];
    for (const exercise of exercises) {
      const file = path.join(out, 'jobs', student.id, `${exercise.id}.json`);
      if (fs.existsSync(file))
        mine.push(
          (JSON.parse(fs.readFileSync(file, 'utf8')) as { result: { status: string } }).result
            .status,
        );
    }
    statuses.set(student.id, mine);
  }
  return statuses;
}

/** `grader grade` over a generated class of `count`, timed whole, with the tree's peak memory. */
export async function measureGrade(
  course: Course,
  exercises: Exercise[],
  count: number,
  spareJobs = 0,
): Promise<GradeRun> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-grade-'));
  try {
    const submissions = path.join(scratch, 'submissions');
    const students = writeClass(course, exercises, count, submissions);
    const out = path.join(scratch, 'out');
    const { command, args } = gradeCommand(
      submissions,
      out,
      exercises.map((exercise) => exercise.id),
      '--spare-jobs',
      String(spareJobs),
    );
    const run = await runTimed(command, args, { cwd: graderRoot, sampleRss: true });
    if (run.code !== 0) throw new Error(`grade of ${count} submissions failed:\n${run.output}`);
    return {
      submissions: count,
      ms: run.ms,
      per_minute: perMinute(count, run.ms),
      peak_rss_bytes: run.peakRssBytes ?? 0,
      cpu_ms: run.cpuMs,
      verdicts_right: rightVerdicts(students, readStatuses(out, students, exercises)),
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export interface Baseline {
  /** Submissions actually run: one of each kind in the class. */
  sampled: number;
  sampled_ms: Record<string, number>;
  /** The whole class's time, extrapolated from the samples by its mix of kinds. */
  estimated_ms: number;
  sampled_cpu_ms: Record<string, number>;
  /** The class's busy CPU time, extrapolated as its time is. */
  estimated_cpu_ms: number;
  per_minute: number;
  limit_ms: number;
}

// A per-test-command autograder needs a time limit too, or a hang at import blocks it forever. It
// sees only wall time, so it gets the grader's wall-time load limit; the grader also stops a busy
// load at its CPU limit (LIMITS.loadCpuMs), which such an autograder has no measure of.
export const BASELINE_LIMIT_MS = LIMITS.loadMs;

/**
 * What a per-test-command autograder does: one cold `npx jest` (fresh cache, ts-jest) per exercise
 * per submission, one after another. One submission of each kind is run and the class is
 * extrapolated from those by its mix.
 */
export async function measureNaiveBaseline(
  course: Course,
  exercises: Exercise[],
  count: number,
): Promise<Baseline> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-naive-'));
  try {
    const submissions = path.join(scratch, 'submissions');
    const students = writeClass(course, exercises, count, submissions);
    const mix = classMix(count);
    const sampled: Partial<Record<Kind, number>> = {};
    const sampledCpu: Partial<Record<Kind, number>> = {};
    for (const kind of KINDS) {
      const student = students.find((candidate) => candidate.kind === kind);
      if (!student) continue;
      let ms = 0;
      let cpuMs = 0;
      for (const exercise of exercises) {
        const config = naiveConfig(
          exercise,
          path.join(submissions, student.id, 'exercises'),
          scratch,
        );
        const run = await runTimed('npx', ['jest', '--config', config, '--ci'], {
          cwd: graderRoot,
          limitMs: BASELINE_LIMIT_MS,
        });
        ms += run.ms;
        cpuMs += run.cpuMs;
      }
      sampled[kind] = ms;
      sampledCpu[kind] = cpuMs;
    }
    const estimated = extrapolate(sampled, mix);
    return {
      sampled: Object.keys(sampled).length,
      sampled_ms: sampled,
      estimated_ms: estimated,
      sampled_cpu_ms: sampledCpu,
      estimated_cpu_ms: extrapolate(sampledCpu, mix),
      per_minute: perMinute(count, estimated),
      limit_ms: BASELINE_LIMIT_MS,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The jest config a course without a grader would use: ts-jest, the exercise's tests, cold. */
function naiveConfig(exercise: Exercise, subjectRoot: string, scratch: string): string {
  const file = path.join(
    scratch,
    `jest-${path.basename(path.dirname(subjectRoot))}-${exercise.id}.json`,
  );
  const config = {
    rootDir: graderRoot,
    roots: [exercise.dir],
    testMatch: ['**/*.test.ts'],
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(graderRoot, 'tsconfig.json') }] },
    moduleNameMapper: {
      '^@subject/(.*)$': `${subjectRoot}/$1`,
      '^@course/(.*)$': `${graderRoot}/grader/$1`,
    },
    testTimeout: exercise.timeoutMs,
    // Cold, as a fresh autograder container is: nothing compiled yet.
    cacheDirectory: path.join(scratch, `cache-${path.basename(file, '.json')}`),
  };
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

export interface BatchResult {
  exercises: string[];
  mix: Record<Kind, number>;
  grade: GradeRun;
  /** The same class with `--spare-jobs` (one per core): stuck jobs let others start beside them. */
  spare: { spare_jobs: number; grade: GradeRun; speedup: number | null };
  baseline: Baseline;
  /** grade's submissions per minute over the baseline's. */
  speedup: number | null;
  /**
   * The least time a hang at import costs grade: one thread looping until it has used the load
   * CPU limit (a hang the baseline pays for with its whole wall-time limit).
   */
  hang_ms: number;
  /** The best speedup grade could reach: it cannot finish before a hang has cost hang_ms. */
  ceiling: number | null;
}

export async function measureBatch(
  course: Course,
  exercises: Exercise[],
  count: number,
): Promise<BatchResult> {
  const grade = await measureGrade(course, exercises, count);
  const spareJobs = os.availableParallelism();
  const spare = await measureGrade(course, exercises, count, spareJobs);
  const baseline = await measureNaiveBaseline(course, exercises, count);
  return {
    exercises: exercises.map((exercise) => exercise.id),
    mix: classMix(count),
    grade,
    spare: {
      spare_jobs: spareJobs,
      grade: spare,
      speedup: ratio(spare.per_minute, baseline.per_minute) ?? null,
    },
    baseline,
    speedup: ratio(grade.per_minute, baseline.per_minute) ?? null,
    hang_ms: LIMITS.loadCpuMs,
    ceiling:
      ceilingSpeedup(baseline.estimated_ms, classMix(count).hanging, LIMITS.loadCpuMs) ?? null,
  };
}
