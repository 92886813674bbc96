import * as fs from 'fs';
import * as path from 'path';
import { courseRoot } from '../paths';

// The loader that workers use (grader/runtime/ts-cache.js), shared so both fill the same cache.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compiledSource } = require(path.join(courseRoot, 'grader', 'runtime', 'ts-cache.js')) as {
  compiledSource: (file: string) => string;
};

/** Compiles each file once, before any worker asks for it. */
export function prewarm(files: string[]): void {
  const testkit = path.join(courseRoot, 'grader', 'testkit');
  const all = [...files, ...fs.readdirSync(testkit).map((name) => path.join(testkit, name))];
  for (const file of all) if (file.endsWith('.ts')) compiledSource(file);
}
