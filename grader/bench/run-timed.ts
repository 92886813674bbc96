import { spawn } from 'child_process';
import { machineBusyCpuMs } from './machine-cpu';
import { sampleTreeCpu, sampleTreeRss } from './proc-tree';

export interface TimedRun {
  ms: number;
  code: number | null;
  output: string;
  /** Killed at the time limit. */
  timedOut: boolean;
  /** The whole process tree's peak resident memory, when asked to sample it. */
  peakRssBytes?: number;
  /** The machine's busy CPU time over the run, all cores: the command's own on an idle machine. */
  cpuMs: number;
  /**
   * The command's own process tree's CPU, sampled from /proc (proc-tree.ts TreeCpu), when asked:
   * other work on the machine is not in it.
   */
  treeCpuMs?: number;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the whole process group after this long. */
  limitMs?: number;
  sampleRss?: boolean;
  sampleCpu?: boolean;
}

/**
 * Runs one command to its end and times it from spawn to exit: the whole command, as whoever
 * typed it waits for it. Its own process group, so a limit kills whatever it started too.
 */
export function runTimed(command: string, args: string[], options: RunOptions): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const cpuBefore = machineBusyCpuMs();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const sampler = options.sampleRss && child.pid ? sampleTreeRss(child.pid) : undefined;
    const cpuSampler = options.sampleCpu && child.pid ? sampleTreeCpu(child.pid) : undefined;
    let timedOut = false;
    const timer =
      options.limitMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            killGroup(child.pid);
          }, options.limitMs);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      clearTimeout(timer);
      const cpuMs = machineBusyCpuMs() - cpuBefore;
      const peakRssBytes = sampler?.stop();
      const treeCpuMs = cpuSampler?.stop();
      // Whatever the command left running (a hung jest worker) goes with it.
      killGroup(child.pid);
      const output = Buffer.concat(chunks).toString('utf8');
      resolve({ ms, code, output, timedOut, peakRssBytes, cpuMs, treeCpuMs });
    });
  });
}

export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
