import * as path from 'path';
import ts from 'typescript';
import { graderRoot } from '../paths';
import type { Diagnostic } from '../result/types';
import type { TypecheckReply, TypecheckRequest } from './typecheck-protocol';
import { reachOf, type Reach } from './type-reach';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parsedOptions } = require('../runtime/ts-options') as {
  parsedOptions: (compiler: typeof ts) => ts.CompilerOptions;
};

/**
 * Type-checks the student's files on their own, as check50's "compiles" step does: a type error
 * is reported in the student's terms (file:line:col message) and the tests are not run at all.
 */
const options: ts.CompilerOptions = {
  ...(parsedOptions(ts) as ts.CompilerOptions),
  // The student's files see Node's types only: jest is not theirs to use (jest/transform.js), and
  // the course's path aliases (@subject, @course) are not theirs to import.
  types: ['node'],
  typeRoots: [path.join(graderRoot, 'node_modules', '@types')],
  paths: undefined,
  baseUrl: undefined,
  noEmit: true,
};

// The standard library and Node's type definitions are the same for every check: parse them once
// per process (a verify or a batch runs hundreds of checks), and only the student's files anew.
// Exactly what a program of one empty file loads is kept, and nothing a student's file names: a
// batch's checker serves every job of its runner, and a cache that kept whatever a file
// referenced let one submission fill it for the next one's check (a .d.ts named through
// /proc/self/root anew on each line is another file to TypeScript: 42 such lines of one 1.1 MB
// file left 1,011 MB of the checker's 1,024 MB heap held after the check).
const host = ts.createCompilerHost(options);
const EMPTY_PROGRAM = path.join(graderRoot, 'grader', 'run', '<standard library>.ts');
const readSourceFile = host.getSourceFile.bind(host);
const libraries = new Map<string, ts.SourceFile | undefined>();
let librariesKnown = false;
// The check under way's files and what they may read (type-reach.ts); none while the libraries load.
let reach: Reach | undefined;
const { fileExists, readFile } = host;
host.fileExists = (fileName) => fileExists(fileName) && (reach?.readable(fileName) ?? true);
host.readFile = (fileName) =>
  (reach?.readable(fileName) ?? true) ? readFile(fileName) : undefined;
host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
  if (!librariesKnown && fileName === EMPTY_PROGRAM)
    return ts.createSourceFile(fileName, 'export {};\n', languageVersion);
  if (libraries.has(fileName)) return libraries.get(fileName);
  if (reach && !reach.readable(fileName)) return undefined;
  const file = readSourceFile(fileName, languageVersion, onError, shouldCreate);
  if (!librariesKnown) libraries.set(fileName, file);
  return file;
};

/** Parses what every check loads (the standard library, Node's types) and keeps only that. */
function knowLibraries(): void {
  if (librariesKnown) return;
  ts.createProgram([EMPTY_PROGRAM], options, host);
  libraries.delete(EMPTY_PROGRAM);
  librariesKnown = true;
}

/** How many parsed library files this process keeps (tests). */
export const keptLibraryFiles = (): number => libraries.size;

export function checkTypes(files: string[], subjectRoot: string): Diagnostic[] {
  knowLibraries();
  const checking = reachOf(files, options);
  reach = checking;
  let found: readonly ts.Diagnostic[];
  try {
    found = ts.getPreEmitDiagnostics(ts.createProgram(files, options, host));
  } finally {
    reach = undefined;
  }
  const wanted = new Set(files.map((file) => path.resolve(file)));
  return found
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
    .filter((diagnostic) => !diagnostic.file || wanted.has(path.resolve(diagnostic.file.fileName)))
    .map((diagnostic) => checking.explain(diagnostic))
    .map((diagnostic) => {
      const position = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      return {
        file: diagnostic.file
          ? path.relative(subjectRoot, diagnostic.file.fileName).split(path.sep).join('/')
          : '',
        line: (position?.line ?? 0) + 1,
        column: (position?.character ?? 0) + 1,
        code: `TS${diagnostic.code}`,
        message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
      };
    });
}

/** A checker process's answer to one request: never throws, whatever the files do. */
export function replyTo(request: TypecheckRequest): TypecheckReply {
  try {
    return { kind: 'checked', diagnostics: checkTypes(request.files, request.subjectRoot) };
  } catch (error) {
    return {
      kind: 'failed',
      reason:
        error instanceof RangeError
          ? 'the type-checker ran out of stack (is something nested thousands of levels deep?)'
          : `the type-checker failed: ${(error as Error).message ?? String(error)}`.slice(0, 2000),
    };
  }
}
