import { findExercise } from '../../course/find';
import { readCourse } from '../../course/load';
import type { Course, Exercise } from '../../course/types';
import { SchemaError } from '../../schemas';
import { UsageError } from '../../user-error';

export interface Shard {
  index: number;
  count: number;
}

/**
 * The exercises to grade, in course order. Grading all of them needs every manifest valid; a
 * chosen few need only their own (an exercise being written elsewhere does not block grading).
 */
export function selectExercises(
  root: string,
  queries: string[] | undefined,
): { course: Course; exercises: Exercise[] } {
  const { course, problems } = readCourse(root);
  if (!queries || queries.length === 0) {
    if (problems.length > 0) throw new SchemaError(problems);
    return { course, exercises: course.exercises };
  }
  const chosen = new Set(queries.map((query) => findExercise(course, query)));
  const exercises = course.exercises.filter((exercise) => chosen.has(exercise));
  const own = problems.filter((problem) =>
    exercises.some((exercise) => problem.file.startsWith(`exercises/${exercise.folder}/`)),
  );
  if (own.length > 0) throw new SchemaError(own);
  return { course, exercises };
}

/**
 * "2/5" -> { index: 2, count: 5 }. "auto" takes the index from the environment a fan-out engine
 * sets, and the count from `--shards N`: Kubernetes Indexed Jobs set JOB_COMPLETION_INDEX,
 * counting from 0, in each of their `completions` pods.
 */
export function parseShard(
  text: string | undefined,
  shards?: number,
  env: NodeJS.ProcessEnv = process.env,
): Shard {
  if (shards !== undefined && (!Number.isInteger(shards) || shards < 1))
    throw new UsageError(`--shards must be a whole number of at least 1; got ${shards}`);
  if (text?.trim() === 'auto') {
    if (shards === undefined)
      throw new UsageError(
        "--shard auto needs --shards N, the number of shards (the Indexed Job's completions)",
      );
    const given = env.JOB_COMPLETION_INDEX;
    if (given === undefined)
      throw new UsageError(
        '--shard auto reads JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job), which is not set; use --shard i/n elsewhere',
      );
    const index = /^\d+$/.test(given.trim()) ? Number(given) : NaN;
    if (!(index < shards))
      throw new UsageError(
        `JOB_COMPLETION_INDEX must be a whole number from 0 to ${shards - 1} for --shards ${shards}; got "${given}"`,
      );
    return { index: index + 1, count: shards };
  }
  if (text === undefined) {
    if (shards !== undefined && shards !== 1)
      throw new UsageError('--shards N goes with --shard auto (or use --shard i/n)');
    return { index: 1, count: 1 };
  }
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard must be i/n with 1 <= i <= n, e.g. 2/4, or auto; got "${text}"`);
  if (shards !== undefined && shards !== count)
    throw new UsageError(`--shard ${text} is of ${count} shards but --shards says ${shards}`);
  return { index, count };
}

/**
 * Shard i of n takes every n-th student of the sorted class, starting at the i-th: a slice that is
 * the same on every machine that sees the same submissions, and balanced to within one student.
 */
export function shardStudents<T>(sorted: T[], shard: Shard): T[] {
  return sorted.filter((_, position) => position % shard.count === shard.index - 1);
}

/**
 * How many test files each job may run at once: the lanes no job will take go to the jobs there
 * are, so one student regraded uses every core instead of one (a class fills the lanes with jobs).
 */
export function filesAtOnce(lanes: number, jobs: number): number {
  return Math.max(1, Math.floor(lanes / Math.max(1, jobs)));
}
