import type { ChildProcess } from 'child_process';
import * as path from 'path';
import { CHECKER_OUT_OF_TIME, checkerClock } from './checker-clock';
import { LIMITS } from './limits';
import type { TypecheckReply, TypecheckRequest } from './typecheck-protocol';
import type { SandboxStatus } from './sandbox';
import { typecheckShared } from './shared-typecheck';
import { startWarmServer } from './warm-server';

const SERVER = path.join(__dirname, 'typecheck-server.ts');

/**
 * Type-checks the student's files on their own, as check50's "compiles" step does: a type error
 * is reported in the student's terms (file:line:col message) and the tests are not run at all.
 *
 * The checker runs in a process of its own with a heap cap and a time limit (and, with a sandbox,
 * read-only and offline), kept between calls so the parsed standard library is reused. A check
 * that exhausts it is this job's verdict; the next call starts a fresh checker.
 */
export async function typecheck(
  files: string[],
  subjectRoot: string,
  sandbox: SandboxStatus,
  options: { shared?: boolean } = {},
): Promise<TypecheckReply> {
  // A student's check, outside any sandbox: the checker left warm by the last check answers.
  if (options.shared && sandbox.kind === 'none') {
    const reply = await typecheckShared({ files, subjectRoot });
    if (reply) return reply;
  }
  // One question at a time per checker: its replies carry no id, so two checks in flight in one
  // process (concurrent proofs, a watch) would take each other's answers.
  const reply = queue.then(async () => {
    // A checker killed from outside (not by its own limits) is not the code's fault: try again.
    const first = await checkOnce(files, subjectRoot, sandbox);
    return first.kind === 'stopped' ? checkOnce(files, subjectRoot, sandbox).then(final) : first;
  });
  queue = reply.catch(() => undefined);
  return reply;
}

let queue: Promise<unknown> = Promise.resolve();

type Outcome = TypecheckReply | { kind: 'stopped'; reason: string };

const final = (outcome: Outcome): TypecheckReply =>
  outcome.kind === 'stopped' ? { kind: 'failed', reason: outcome.reason } : outcome;

function checkOnce(files: string[], subjectRoot: string, sandbox: SandboxStatus): Promise<Outcome> {
  const server = (servers[sandbox.kind] ??= startServer(sandbox));
  return new Promise((resolve) => {
    const settle = (reply: Outcome, keep: boolean) => {
      clearInterval(timer);
      server.off('message', onMessage);
      server.off('exit', onExit);
      if (!keep) {
        server.kill('SIGKILL');
        if (servers[sandbox.kind] === server) servers[sandbox.kind] = undefined;
      }
      resolve(reply);
    };
    const onMessage = (reply: TypecheckReply) => settle(reply, true);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      settle(
        code === 134 || signal === 'SIGABRT' || signal === 'SIGTRAP'
          ? {
              kind: 'failed',
              reason: `the type-checker ran out of memory (${LIMITS.typecheckHeapMb} MB) on this code`,
            }
          : {
              kind: 'stopped',
              reason: `the type-checker stopped (${signal ? `signal ${signal}` : `exit code ${code}`})`,
            },
        false,
      );
    const clock = checkerClock(server.pid);
    const timer = setInterval(() => {
      if (clock.outOfTime()) settle({ kind: 'failed', reason: CHECKER_OUT_OF_TIME }, false);
    }, LIMITS.sampleEveryMs);
    server.on('message', onMessage);
    server.once('exit', onExit);
    server.send({ files, subjectRoot } satisfies TypecheckRequest);
  });
}

const servers: Partial<Record<SandboxStatus['kind'], ChildProcess>> = {};

function startServer(sandbox: SandboxStatus): ChildProcess {
  return startWarmServer(SERVER, [`--max-old-space-size=${LIMITS.typecheckHeapMb}`], sandbox);
}
