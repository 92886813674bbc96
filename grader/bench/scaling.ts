import type { Course, Exercise } from '../course/types';
import { GradeRun, measureGrade } from './batch';
import type { ScalingRow } from './results';
import { ratio } from './stats';

/** The rows of the scaling table: each run's peak memory over the smallest class's. */
export function scalingRows(runs: GradeRun[]): ScalingRow[] {
  const sorted = [...runs].sort((a, b) => a.submissions - b.submissions);
  const smallest = sorted[0]?.peak_rss_bytes ?? 0;
  return sorted.map((run) => ({
    ...run,
    rss_vs_smallest: ratio(run.peak_rss_bytes, smallest) ?? null,
  }));
}

/** grade at each class size; a run already made at one of the sizes (the batch's) is reused. */
export async function measureScaling(
  course: Course,
  exercises: Exercise[],
  sizes: number[],
  known: GradeRun[] = [],
): Promise<ScalingRow[]> {
  const runs: GradeRun[] = [];
  for (const size of sizes) {
    runs.push(
      known.find((run) => run.submissions === size) ??
        (await measureGrade(course, exercises, size)),
    );
  }
  return scalingRows(runs);
}
