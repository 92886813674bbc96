import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { prewarm } from '../run/prewarm';
import { runWorkers } from '../testkit/workers';

// `npm run bench`: timing goals, measured side by side in one run and reported as ratios.
// Nothing here passes or fails; tests check behaviour, this reports cost.
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

async function loaderCost() {
  const fresh = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cache-'));
  // Warm: the shared cache already holds the compiled file (what the grader's prewarm gives).
  await startWorkers(1);
  const warm = await timed(() => startWorkers(WORKERS));
  // Cold: every worker has an empty cache of its own and loads the compiler.
  const cold = await timed(() =>
    startWorkers(WORKERS, () => ({ ...process.env, GRADER_TS_CACHE: fresh() })),
  );
  return [
    { case: `${WORKERS} TypeScript workers, compiled once (cache)`, ms: warm.ms, ratio: 1 },
    {
      case: `${WORKERS} TypeScript workers, compiled per worker`,
      ms: cold.ms,
      ratio: cold.ms / warm.ms,
    },
  ];
}

async function counterCost() {
  // Compile the worker script before timing, as the grader does before a run.
  prewarm([path.join(__dirname, 'count-worker.ts')]);
  const rows: { case: string; ms: number; ratio: number; note: string }[] = [];
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

async function main() {
  console.log(`Node ${process.version}, ${os.availableParallelism()} cores\n`);
  const rows = [...(await loaderCost()), ...(await counterCost())];
  const width = Math.max(...rows.map((row) => row.case.length));
  for (const row of rows) {
    const note = 'note' in row ? `  ${row.note}` : '';
    console.log(
      `${row.case.padEnd(width)}  ${row.ms.toFixed(0).padStart(6)} ms  x${row.ratio.toFixed(2)}${note}`,
    );
  }
  console.log('\nRatios are against the first row of each group, measured in this run.');
}

main();
