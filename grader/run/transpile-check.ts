import * as path from 'path';
import { graderRoot } from '../paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compiledSource } = require(path.join(graderRoot, 'grader', 'runtime', 'ts-cache.js')) as {
  compiledSource: (file: string) => string;
};

/**
 * Compiles the student's files to the JavaScript the tests will run (and fills the transpile cache
 * with it), here, where what the compiler does with them is this job's verdict: an expression
 * nested deeper than the compiler's recursion goes (3,000 terms of `a + 1 + 1 ...`) overflows its
 * stack with a RangeError the type-checker's process did not hit. Transpiling is one pass over the
 * syntax tree, so time and memory follow the file's size; depth is the one runaway, and V8 ends it
 * with an exception. Returns why a file could not be compiled, or undefined when all could.
 */
export function transpileFailure(files: string[], subjectRoot: string): string | undefined {
  for (const file of files) {
    try {
      compiledSource(file);
    } catch (error) {
      const name = path.relative(subjectRoot, file).split(path.sep).join('/');
      return error instanceof RangeError
        ? `the TypeScript compiler ran out of stack on ${name} (an expression or nesting too deep to compile)`
        : `the TypeScript compiler failed on ${name}`;
    }
  }
  return undefined;
}
