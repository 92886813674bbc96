import * as fs from 'fs';
import * as path from 'path';
import { graderRoot } from '../paths';

// The loader that workers use (grader/runtime/ts-cache.js), shared so both fill the same cache.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compiledSource } = require(path.join(graderRoot, 'grader', 'runtime', 'ts-cache.js')) as {
  compiledSource: (file: string) => string;
};

/** Compiles each file once, before any worker asks for it. */
export function prewarm(files: string[]): void {
  // The test kit, and the setup and reporter every test process loads (read-only in the sandbox).
  const shared = ['testkit', 'jest'].map((dir) => path.join(graderRoot, 'grader', dir));
  const all = [
    ...files,
    ...shared.flatMap((dir) => fs.readdirSync(dir).map((name) => path.join(dir, name))),
  ];
  for (const file of all) if (file.endsWith('.ts')) compiledSource(file);
}
