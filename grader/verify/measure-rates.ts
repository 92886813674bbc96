import type { Course, Exercise } from '../course/types';
import type { MeasuredVariant } from './rates';
import { readVariants } from './variants';
import { verifyWrong } from './verify';

/**
 * Runs every known-wrong solution of `exercise` (or those named in `only`) `runs` times with all
 * its tests, for `verify --rates`. Running only; the rates are computed by verify/rates.ts.
 */
export async function measureVariants(
  course: Course,
  exercise: Exercise,
  options: {
    runs: number;
    only?: string[];
    /** Run only the tests each variant's caughtBy names (see verify-rates.ts). */
    catchersOnly?: boolean;
    onMeasured?: (variant: MeasuredVariant) => void;
    signal?: AbortSignal;
  },
): Promise<MeasuredVariant[]> {
  const { variants, problems } = readVariants(course, exercise);
  if (problems.length > 0)
    throw new Error(problems.map((problem) => `${problem.file}: ${problem.message}`).join('\n'));
  const chosen = options.only?.length
    ? variants.filter((variant) => options.only!.includes(variant.name))
    : variants;
  const measured: MeasuredVariant[] = [];
  for (const variant of chosen) {
    if (options.signal?.aborted) break;
    const report = await verifyWrong(course, exercise, variant, options.runs, {
      catchersOnly: options.catchersOnly,
      signal: options.signal,
    });
    if (options.signal?.aborted) break;
    const entry = { exercise: exercise.id, name: variant.name, runs: report.runs };
    measured.push(entry);
    options.onMeasured?.(entry);
  }
  return measured;
}
