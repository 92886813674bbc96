import { fork } from 'child_process';
import * as path from 'path';
import { courseRoot } from '../paths';
import type { JobOrder, RunnerMessage, RunnerReply } from './job-runner';

export type JobEnd =
  | { kind: 'done'; reply: RunnerReply['record'] }
  | { kind: 'aborted' }
  | { kind: 'failed'; reason: string };

const RUNNER = path.join(__dirname, 'job-runner.ts');
const REGISTER = path.join(courseRoot, 'grader', 'runtime', 'register.js');
const OUTPUT_CAP = 4000;
// After asking a runner to stop, how long before it is killed outright.
const STOP_GRACE_MS = 10_000;

/**
 * Runs one job in a runner process. Aborting (Ctrl-C) or passing the job's overall limit asks the
 * runner to stop, which kills its test process tree; only a runner that does not stop is killed.
 */
export function runJob(
  order: JobOrder,
  options: { signal?: AbortSignal; limitMs: number },
): Promise<JobEnd> {
  return new Promise((resolve) => {
    const child = fork(RUNNER, [], {
      execArgv: ['--require', REGISTER],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_CAP);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);

    let reply: RunnerReply['record'] | undefined;
    let overLimit = false;
    let killTimer: NodeJS.Timeout | undefined;
    const send = (message: RunnerMessage) => {
      if (child.connected) child.send(message, () => undefined);
    };
    const askToStop = () => {
      send({ type: 'abort' });
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    };
    const limit = setTimeout(() => {
      overLimit = true;
      askToStop();
    }, options.limitMs);
    options.signal?.addEventListener('abort', askToStop, { once: true });

    child.on('message', (message: RunnerReply) => {
      if (message.type === 'done') reply = message.record;
    });
    let settled = false;
    const finish = (end: JobEnd) => {
      if (settled) return;
      settled = true;
      clearTimeout(limit);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', askToStop);
      resolve(end);
    };
    child.once('error', (error) => {
      keep(Buffer.from(String(error)));
      // A runner that could not even start never closes.
      if (child.pid === undefined)
        finish({ kind: 'failed', reason: `the job runner did not start: ${error.message}` });
    });
    child.once('close', (code, signal) => {
      if (reply) finish({ kind: 'done', reply });
      else if (options.signal?.aborted) finish({ kind: 'aborted' });
      else if (overLimit)
        finish({
          kind: 'failed',
          reason: `the job passed its overall limit of ${Math.round(options.limitMs / 1000)} s`,
        });
      else
        finish({
          kind: 'failed',
          reason: `the job runner ended without a result (${signal ? `signal ${signal}` : `exit code ${code}`})${output.trim() ? `:\n${output.trim()}` : ''}`,
        });
    });
    if (options.signal?.aborted) askToStop();
    send({ type: 'order', order });
  });
}
