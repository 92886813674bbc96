import { ChildProcess, fork } from 'child_process';
import * as path from 'path';
import { graderRoot } from '../../paths';
import { LIMITS } from '../../run/limits';
import type { JobOrder, RunnerMessage, RunnerReply } from './job-runner';

type JobEnd =
  | { kind: 'done'; reply: Extract<RunnerReply, { type: 'done' }>['record'] }
  | { kind: 'aborted' }
  /** The grader itself failed (no space, no permission, a bug): not the student's verdict. */
  | { kind: 'failed'; reason: string }
  /** The runner died or stopped answering mid-job: what the job's code did, most likely. */
  | { kind: 'crashed'; reason: string };

const RUNNER = path.join(__dirname, 'job-runner.ts');
const REGISTER = path.join(graderRoot, 'grader', 'runtime', 'register.js');
const OUTPUT_CAP = 4000;
// After asking a runner to stop, how long before it is killed outright.

interface Runner {
  child: ChildProcess;
  output(): string;
}

/**
 * Runner processes (job-runner.ts), started as jobs need them and reused for the next job: at most
 * as many as jobs run at once. Aborting (Ctrl-C) or a job passing its overall limit asks the runner
 * to stop, which kills the job's test process tree; only a runner that does not stop is killed.
 */
export class Runners {
  private readonly idle: Runner[] = [];

  constructor(private readonly signal?: AbortSignal) {}

  /** `onStall`: the job looks stuck (see RunnerReply). */
  run(order: JobOrder, limitMs: number, onStall?: () => void): Promise<JobEnd> {
    const runner = this.idle.pop() ?? start();
    const { child } = runner;
    return new Promise((resolve) => {
      let overLimit = false;
      let killTimer: NodeJS.Timeout | undefined;
      const send = (message: RunnerMessage) => {
        if (child.connected) child.send(message, () => undefined);
      };
      const askToStop = () => {
        send({ type: 'abort' });
        killTimer ??= setTimeout(() => child.kill('SIGKILL'), LIMITS.runnerStopGraceMs);
      };
      const limit = setTimeout(() => {
        overLimit = true;
        askToStop();
      }, limitMs);
      const finish = (end: JobEnd, reusable: boolean) => {
        clearTimeout(limit);
        clearTimeout(killTimer);
        this.signal?.removeEventListener('abort', askToStop);
        child.off('message', onMessage);
        child.off('close', onClose);
        child.off('error', onError);
        if (reusable && !overLimit && !this.signal?.aborted) this.idle.push(runner);
        resolve(end);
      };
      const onMessage = (message: RunnerReply) => {
        if (message.type === 'stalled') onStall?.();
        else if (message.type === 'done') finish({ kind: 'done', reply: message.record }, true);
        else finish({ kind: 'failed', reason: message.reason }, true);
      };
      const onClose = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.signal?.aborted) finish({ kind: 'aborted' }, false);
        else if (overLimit)
          finish(
            {
              kind: 'crashed',
              reason: `the job passed its overall limit of ${Math.round(limitMs / 1000)} s`,
            },
            false,
          );
        else {
          const output = runner.output().trim();
          const how = signal ? `signal ${signal}` : `exit code ${code}`;
          finish(
            {
              kind: 'crashed',
              reason: `the job runner ended without a result (${how})${output ? `:\n${output}` : ''}`,
            },
            false,
          );
        }
      };
      // A runner that could not even start never closes.
      const onError = (error: Error) => {
        if (child.pid === undefined)
          finish(
            { kind: 'failed', reason: `the job runner did not start: ${error.message}` },
            false,
          );
      };
      child.on('message', onMessage);
      child.once('close', onClose);
      child.once('error', onError);
      this.signal?.addEventListener('abort', askToStop, { once: true });
      if (this.signal?.aborted) askToStop();
      send({ type: 'order', order });
    });
  }

  /** Lets the idle runners exit. */
  close(): void {
    for (const runner of this.idle.splice(0)) if (runner.child.connected) runner.child.disconnect();
  }
}

function start(): Runner {
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
  // Errors are reported through the job that is running; this keeps an unhandled one from throwing.
  child.on('error', (error) => keep(Buffer.from(String(error))));
  return { child, output: () => output };
}
