import * as path from 'path';
import { courseRoot } from '../paths';

/** `npm run grader --` without npm: what the package.json scripts run (npm's own start-up aside). */
export function graderCommand(...args: string[]): { command: string; args: string[] } {
  return {
    command: process.execPath,
    args: [
      '-r',
      path.join(courseRoot, 'grader', 'runtime', 'register.js'),
      path.join(courseRoot, 'grader', 'cli.ts'),
      ...args,
    ],
  };
}

export const jestBin = () => require.resolve('jest/bin/jest', { paths: [courseRoot] });
