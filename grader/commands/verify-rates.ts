import * as os from 'os';
import { measureVariants } from '../verify/measure-rates';
import { CatchRate, catchRate, MeasuredVariant, renderCatchRates } from '../verify/rates';
import { readVariants } from '../verify/variants';
import { courseToVerify, VerifyOptions } from './verify';
import { EXIT, Io } from '../io';
import { UsageError } from '../user-error';

export interface RatesOptions extends VerifyOptions {
  /** Known-wrong solutions to measure, by folder name (default: all of the chosen exercises'). */
  variant?: string[];
  /**
   * Run only the tests each variant's caughtBy names. A run that fails one of them loses points
   * whatever the other tests do, so the rate measured this way is a lower bound of the full one,
   * for a fraction of the time (ex04's whole suite takes over a minute a run).
   */
  catchersOnly?: boolean;
}

/**
 * `grader verify --rates`: run every known-wrong solution `runs` times and print how often each
 * lost points, listing those caught in fewer than 0.99 of runs. Fails when any is.
 */
export async function verifyRates(options: RatesOptions, io: Io): Promise<number> {
  const { course, chosen } = courseToVerify(options);
  const known = new Set(
    chosen.flatMap((exercise) => readVariants(course, exercise).variants.map((v) => v.name)),
  );
  const unknown = (options.variant ?? []).filter((name) => !known.has(name));
  if (unknown.length > 0)
    throw new UsageError(
      `no known-wrong solution named ${unknown.join(', ')} in ${chosen.map((e) => e.id).join(', ')}`,
    );
  const rates: CatchRate[] = [];
  const started = Date.now();
  for (const exercise of chosen) {
    if (options.signal?.aborted) break;
    io.out(`${exercise.id} ${exercise.title}\n`);
    await measureVariants(course, exercise, {
      runs: options.runs,
      only: options.variant,
      catchersOnly: options.catchersOnly,
      jobs: options.jobs,
      signal: options.signal,
      onMeasured: (variant: MeasuredVariant) => {
        const rate = catchRate(variant);
        rates.push(rate);
        const seconds = variant.runs.reduce((sum, run) => sum + run.duration_ms, 0) / 1000;
        io.out(
          `  ${rate.below ? 'LOW' : 'ok '} ${variant.name.padEnd(36)} caught ${rate.caught}/${rate.runs}  (${Math.round(seconds / rate.runs)} s a run, load ${os.loadavg()[0].toFixed(1)})\n`,
        );
      },
    });
  }
  if (options.signal?.aborted) {
    io.err('\nverify --rates stopped: the running tests were killed.\n');
    return EXIT.interrupted;
  }
  io.out(`\n${renderCatchRates(rates)}`);
  io.out(
    `(${options.runs} runs each${options.catchersOnly ? ', only the tests in caughtBy' : ''}, ${Math.round((Date.now() - started) / 1000)} s)\n`,
  );
  return rates.some((rate) => rate.below) ? EXIT.failed : EXIT.ok;
}
