import * as path from 'path';
import ts from 'typescript';
import { graderRoot } from '../paths';
import type { Diagnostic } from '../result/types';
import type { TypecheckReply, TypecheckRequest } from './typecheck-protocol';

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

// The standard library and Node's type definitions are the same for every run: parse them once
// per process (a verify or a batch runs hundreds of checks), and only the student's files anew.
const host = ts.createCompilerHost(options);
const parsedLibraries = new Map<string, ts.SourceFile | undefined>();
const readSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
  if (
    !fileName.includes(`${path.sep}node_modules${path.sep}`) &&
    !fileName.includes('/node_modules/')
  ) {
    return readSourceFile(fileName, languageVersion, onError, shouldCreate);
  }
  if (!parsedLibraries.has(fileName)) {
    parsedLibraries.set(fileName, readSourceFile(fileName, languageVersion, onError, shouldCreate));
  }
  return parsedLibraries.get(fileName);
};

export function checkTypes(files: string[], subjectRoot: string): Diagnostic[] {
  const program = ts.createProgram(files, options, host);
  const wanted = new Set(files.map((file) => path.resolve(file)));
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
    .filter((diagnostic) => !diagnostic.file || wanted.has(path.resolve(diagnostic.file.fileName)))
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
