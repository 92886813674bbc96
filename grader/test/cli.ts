import { spawnSync } from 'child_process';
import * as path from 'path';
import { graderRoot } from '../paths';

/** Runs the real CLI as a student would, through the course's TypeScript loader. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(
    process.execPath,
    [
      '-r',
      path.join(graderRoot, 'grader', 'runtime', 'register.js'),
      path.join(graderRoot, 'grader', 'cli.ts'),
      ...args,
    ],
    {
      cwd: options.cwd ?? graderRoot,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
