import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import * as prettier from 'prettier';
import { findExercise } from '../course/find';
import { readCourse } from '../course/load';
import type { Io } from '../io';
import { UsageError } from '../user-error';
import { graderRoot } from '../paths';
import { prewarm } from '../run/prewarm';
import { assertValid, writeFileAtomic } from '../schemas';
import { runWorkers } from '../testkit/workers';
import { measureBatch } from './batch';
import { measureCheckLatency } from './check-latency';
import { measureJobCost } from './job-cost';
import { measureRegrade } from './regrade';
import { renderResults } from './report';
import { BenchResults, parseParts, Part, PARTS, PrimitiveRow } from './results';
import { measureScaling } from './scaling';
import { measureWatchLatency } from './watch-latency';

// `npm run bench`: timing goals, measured side by side in one run and reported as ratios.
// Nothing here passes or fails; tests check behaviour, this reports cost.
// A subset of the course keeps the whole run under 15 minutes on 2 cores: check times the quickest
// exercise and the one with the slowest tests (the two the targets name), watch and the batch use
// ex01 alone (a batch of all seven is seven times the jobs, and says the same about throughput).
const CHECK_EXERCISES = ['ex01', 'ex03'];
const WATCH_EXERCISES = ['ex01'];
const BATCH_EXERCISES = ['ex01'];
/** The job-cost part: the quickest exercise and the slowest, as check. */
const JOB_EXERCISES = ['ex01', 'ex03'];
const CLASS_SIZE = 30;
const SCALING_SIZES = [10, 30, 90];
/** The regrade part: a class of racy ex03 submissions, graded this many times. */
const REGRADE_EXERCISES = ['ex03'];
const REGRADE_CLASS_SIZE = 4;
const REGRADINGS = 5;
const WORKERS = 10;
const INCREMENTS = Number(process.env.BENCH_INCREMENTS ?? 1_000_000);

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

function startWorkers(
  count: number,
  env?: (index: number) => NodeJS.ProcessEnv,
): Promise<unknown[]> {
  const script = path.join(__dirname, 'noop-worker.ts');
  return Promise.all(
    Array.from({ length: count }, (_, index) => {
      const worker = new Worker(script, env ? { env: env(index) } : {});
      return new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      }).finally(() => worker.terminate());
    }),
  );
}

async function loaderCost(): Promise<PrimitiveRow[]> {
  const caches: string[] = [];
  const fresh = () => {
    caches.push(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cache-')));
    return caches[caches.length - 1];
  };
  // Warm: the shared cache already holds the compiled file (what the grader's prewarm gives).
  await startWorkers(1);
  const warm = await timed(() => startWorkers(WORKERS));
  // Cold: every worker has an empty cache of its own and loads the compiler.
  const cold = await timed(() =>
    startWorkers(WORKERS, () => ({ ...process.env, GRADER_TS_CACHE: fresh() })),
  );
  for (const cache of caches) fs.rmSync(cache, { recursive: true, force: true });
  return [
    { case: `${WORKERS} TypeScript workers, compiled once (cache)`, ms: warm.ms, ratio: 1 },
    {
      case: `${WORKERS} TypeScript workers, compiled per worker`,
      ms: cold.ms,
      ratio: cold.ms / warm.ms,
    },
  ];
}

async function counterCost(): Promise<PrimitiveRow[]> {
  // Compile the worker script before timing, as the grader does before a run.
  prewarm([path.join(__dirname, 'count-worker.ts')]);
  const rows: PrimitiveRow[] = [];
  let baseline = 0;
  for (const strategy of ['atomics-add', 'unlocked', 'futex-lock', 'spin-lock'] as const) {
    const counterBuffer = new SharedArrayBuffer(4);
    const lockBuffer = new SharedArrayBuffer(4);
    const { ms } = await timed(() =>
      runWorkers(path.join(__dirname, 'count-worker.ts'), WORKERS, () => ({
        strategy,
        counterBuffer,
        lockBuffer,
        increments: INCREMENTS,
      })),
    );
    const total = new Int32Array(counterBuffer)[0];
    if (strategy === 'atomics-add') baseline = ms;
    rows.push({
      case: `${WORKERS} x ${INCREMENTS.toLocaleString('en')} increments, ${strategy}`,
      ms,
      ratio: ms / baseline,
      note: `final count ${total.toLocaleString('en')}`,
    });
  }
  return rows;
}

/** Measures one part into `results`: a plain function per part, this only picks the subset. */
interface Sizes {
  runs: number;
  classSize: number;
  scaling: number[];
}

async function measurePart(part: Part, results: BenchResults, sizes: Sizes): Promise<void> {
  const { runs } = sizes;
  const { course } = readCourse(graderRoot);
  const pick = (ids: string[]) => ids.map((id) => findExercise(course, id));
  if (part === 'loader') results.loader = await loaderCost();
  if (part === 'locks') results.locks = await counterCost();
  if (part === 'check') results.check = await measureCheckLatency(CHECK_EXERCISES, runs);
  if (part === 'watch') {
    results.watch = [];
    for (const exercise of pick(WATCH_EXERCISES))
      results.watch.push(await measureWatchLatency(course, exercise, runs));
  }
  if (part === 'batch')
    results.batch = await measureBatch(course, pick(BATCH_EXERCISES), sizes.classSize);
  if (part === 'jobs') results.jobs = await measureJobCost(course, pick(JOB_EXERCISES));
  if (part === 'regrade') {
    results.regrade = [];
    for (const exercise of pick(REGRADE_EXERCISES))
      results.regrade.push(await measureRegrade(course, exercise, REGRADE_CLASS_SIZE, REGRADINGS));
  }
  if (part === 'scaling') {
    const known = results.batch ? [results.batch.grade] : [];
    results.scaling = await measureScaling(course, pick(BATCH_EXERCISES), sizes.scaling, known);
  }
}

function wholeNumber(flag: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`${flag} must be a whole number of at least 1, got ${value}`);
  return value;
}

export interface BenchOptions {
  only?: string;
  runs: number;
  classSize?: number;
  sizes?: string;
  out?: string;
}

export const BENCH_DEFAULTS = {
  classSize: CLASS_SIZE,
  sizes: SCALING_SIZES.join(','),
  out: path.join(graderRoot, 'bench', 'results.json'),
};

/** `grader bench` (`npm run bench`): measures the parts asked for and writes their results. */
export async function bench(asked: BenchOptions, io: Io): Promise<number> {
  const options = { ...BENCH_DEFAULTS, ...asked };
  wholeNumber('--runs', options.runs);
  const parts = parseParts(options.only);
  const sizes: Sizes = {
    runs: options.runs,
    classSize: wholeNumber('--class-size', options.classSize),
    scaling: options.sizes.split(',').map((size) => wholeNumber('--sizes', Number(size))),
  };
  const results: BenchResults = {
    version: 1,
    date: new Date().toISOString(),
    cores: os.availableParallelism(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    load_average: os.loadavg(),
    parts,
  };
  const started = Date.now();
  for (const part of parts) {
    io.err(`Measuring ${part}...\n`);
    // One part failing (a check that fails under heavy load) must not lose the others' tables.
    await measurePart(part, results, sizes).catch((error: Error) => {
      io.err(`${part} failed: ${error.message}\n`);
      (results.errors ??= []).push({ part, message: error.message });
    });
  }
  const out = path.resolve(options.out);
  assertValid('bench-results', results, out);
  // Formatted as the repository's prettier config says, so the committed copy keeps `prettier
  // --check .` (part of npm test) clean.
  const style = (await prettier.resolveConfig(out)) ?? {};
  writeFileAtomic(
    out,
    await prettier.format(JSON.stringify(results), { ...style, parser: 'json' }),
  );
  io.out(`${renderResults(results)}\n`);
  io.out(
    `\nWrote ${path.relative(process.cwd(), out)} in ${((Date.now() - started) / 60_000).toFixed(1)} minutes.\n`,
  );
  return 0;
}
