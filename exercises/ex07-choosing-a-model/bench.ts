// Speed-up, shown side by side in one run: the same counts done sequentially (countPrimesBelow)
// and with workers (countPrimesParallel), on a tiny input and on a large one. Information only:
// no test grades speed, which depends on the machine and on what else it is doing.
//
//   node -r ./grader/runtime/register.js exercises/ex07-choosing-a-model/bench.ts [n] [workers]
import * as os from 'os';
import { performance } from 'perf_hooks';
import { countPrimesBelow, countPrimesParallel } from './choose';

async function timed<T>(run: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 5_000_000);
  const workers = Number(process.argv[3] ?? os.availableParallelism());
  console.log(
    `${os.availableParallelism()} CPU cores; countPrimesParallel with ${workers} workers\n`,
  );
  // Untimed warm-up: the first worker may compile the TypeScript files; that is not the point.
  await countPrimesParallel(100, workers);
  console.log('primes below   sequential            parallel              speed-up');
  for (const size of [1000, n]) {
    const sequential = await timed(() => countPrimesBelow(size));
    const parallel = await timed(() => countPrimesParallel(size, workers));
    const cell = (run: { value: number; ms: number }) =>
      `${run.value} in ${run.ms.toFixed(1)} ms`.padEnd(22);
    const ratio = sequential.ms / parallel.ms;
    console.log(
      `${String(size).padEnd(15)}${cell(sequential)}${cell(parallel)}x${ratio < 0.1 ? ratio.toPrecision(2) : ratio.toFixed(2)}` +
        (sequential.value === 0 || parallel.value === 0
          ? '   (a count of 0: finish the TODOs first)'
          : sequential.value === parallel.value
            ? ''
            : '   (the counts differ!)'),
    );
  }
  console.log(
    '\nA speed-up below x1 means the workers cost more to start than they saved: see countPrimes.',
  );
}

void main();
