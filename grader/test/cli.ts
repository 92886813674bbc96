import { spawnSync } from 'child_process';
import * as path from 'path';
import { courseRoot } from '../paths';

/** Runs the real CLI as a student would, through the course's TypeScript loader. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(
    process.execPath,
    [
      '-r',
      path.join(courseRoot, 'grader', 'runtime', 'register.js'),
      path.join(courseRoot, 'grader', 'cli.ts'),
      ...args,
    ],
    {
      cwd: options.cwd ?? courseRoot,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
