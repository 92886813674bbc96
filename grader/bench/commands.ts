import * as path from 'path';
import { graderRoot } from '../paths';

/** `npm run grader --` without npm: what the package.json scripts run (npm's own start-up aside). */
export function graderCommand(...args: string[]): { command: string; args: string[] } {
  return {
    command: process.execPath,
    args: [
      '-r',
      path.join(graderRoot, 'grader', 'runtime', 'register.js'),
      path.join(graderRoot, 'grader', 'cli.ts'),
      ...args,
    ],
  };
}

export const jestBin = () => require.resolve('jest/bin/jest', { paths: [graderRoot] });

/** `grader grade` of a class in the folders layout, into `out`, for these exercises. */
export function gradeCommand(
  submissions: string,
  out: string,
  exercises: string[],
  ...extra: string[]
): { command: string; args: string[] } {
  return graderCommand(
    'grade',
    submissions,
    '--out',
    out,
    '--exercises',
    exercises.join(','),
    '--layout',
    'folders',
    ...extra,
  );
}
