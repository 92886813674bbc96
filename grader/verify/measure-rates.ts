import type { Course, Exercise } from '../course/types';
import type { MeasuredVariant } from './rates';
import { readVariants } from './variants';
import { inOrder, verifyWrong } from './verify';

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
    /** Known-wrong solutions measured at once (default 1). */
    jobs?: number;
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
  const measured = await inOrder(
    chosen.map((variant) => async () => {
      const report = await verifyWrong(course, exercise, variant, options.runs, {
        catchers: options.catchersOnly ? 'named' : 'all',
        signal: options.signal,
      });
      if (options.signal?.aborted) return undefined;
      const entry = { exercise: exercise.id, name: variant.name, runs: report.runs };
      options.onMeasured?.(entry);
      return entry;
    }),
    options.jobs ?? 1,
    options.signal,
  );
  return measured.filter((entry): entry is MeasuredVariant => entry !== undefined);
}
