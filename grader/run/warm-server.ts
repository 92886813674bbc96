import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { graderRoot } from '../paths';
import type { SandboxStatus } from './sandbox';
import { readOnlyJail } from './sandbox';

const REGISTER = path.join(graderRoot, 'grader', 'runtime', 'register.js');

/**
 * Starts a helper process the grader keeps between jobs (the type-checker, prettier): it talks
 * over IPC, sees the machine read-only and offline when there is a sandbox, and never keeps the
 * grader alive while idle.
 */
export function startWarmServer(
  script: string,
  nodeArgs: string[],
  sandbox: SandboxStatus,
): ChildProcess {
  const args = ['--require', REGISTER, ...nodeArgs, script];
  const command =
    sandbox.kind === 'bwrap'
      ? readOnlyJail(process.execPath, args)
      : { command: process.execPath, args };
  const child = spawn(command.command, command.args, {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    serialization: 'json',
  });
  child.on('error', () => undefined);
  child.unref();
  child.channel?.unref();
  return child;
}
