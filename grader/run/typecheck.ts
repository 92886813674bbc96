import * as path from 'path';
import ts from 'typescript';
import { courseRoot } from '../paths';
import type { Diagnostic } from '../result/types';

/**
 * Type-checks the student's files on their own, as check50's "compiles" step does: a type error
 * is reported in the student's terms (file:line:col message) and the tests are not run at all.
 */
export function typecheck(files: string[], subjectRoot: string): Diagnostic[] {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2022.d.ts'],
    strict: true,
    esModuleInterop: true,
    isolatedModules: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [path.join(courseRoot, 'node_modules', '@types')],
  });
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
