import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as path from 'path';
import { graderRoot } from '../paths';

/** node's arguments for the CLI, through the course's TypeScript loader. */
const cliArgs = (args: string[]) => [
  '-r',
  path.join(graderRoot, 'grader', 'runtime', 'register.js'),
  path.join(graderRoot, 'grader', 'cli.ts'),
  ...args,
];

/** Runs the real CLI as a student would, through the course's TypeScript loader. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(process.execPath, cliArgs(args), {
    cwd: options.cwd ?? graderRoot,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface LiveCli {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts the real CLI and returns at once, for tests that signal it or watch its output while it
 * runs. `tmpdir` is its TMPDIR: every process it starts carries it (see processesUsing).
 */
export function startCli(
  args: string[],
  options: { tmpdir: string; env?: NodeJS.ProcessEnv; detached?: boolean },
): LiveCli {
  const child = spawn(process.execPath, cliArgs(args), {
    cwd: graderRoot,
    env: { ...process.env, TMPDIR: options.tmpdir, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => resolve(code)),
  );
  return { child, output: () => output, exited };
}
