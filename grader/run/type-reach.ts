import * as fs from 'fs';
import * as path from 'path';
import ts from 'typescript';

/**
 * What a student's files may bring into their own type-check: each other and packages. The
 * checker prints the types of whatever a file imports in its errors, so a file importing a hidden
 * helper, a solution or the grader by any path (absolute, relative, a symlink, `/proc/self/root`)
 * showed that code's types to the student (`{ PHASE: 0; IDLE: 0; WOKEN: 1; ... }`), whatever the
 * hidden-text filter made of them. Graded code's `require` refuses course code at run time
 * (jest/graded-module.ts); here the checker never reads it: a file is readable only when its real
 * path is one of the submitted files or lies in a `node_modules` folder (packages, TypeScript's
 * standard library, Node's types). A grade copies only the exercise's files into its workspace, so
 * nothing else a file could import is there when its tests run either.
 */
export interface Reach {
  /** May the checker read this file? */
  readable(fileName: string): boolean;
  /** The diagnostic in the student's terms when it is a refused import; otherwise as it was. */
  explain(diagnostic: ts.Diagnostic): ts.Diagnostic;
}

const realPath = (fileName: string): string | undefined => {
  try {
    return fs.realpathSync.native(fileName);
  } catch {
    return undefined;
  }
};

const CANNOT_FIND_MODULE = [2307, 2792];
const FILE_NOT_FOUND = 6053;

export function reachOf(files: string[], options: ts.CompilerOptions): Reach {
  const own = new Set(files.map((file) => realPath(file) ?? path.resolve(file)));
  const readable = (fileName: string) => {
    const real = realPath(fileName);
    // A file that is not there has nothing to show: the checker's own lookups say it is missing.
    return real === undefined || own.has(real) || real.split(path.sep).includes('node_modules');
  };
  const refusal = (diagnostic: ts.Diagnostic, wrote: string): ts.Diagnostic => ({
    ...diagnostic,
    messageText: `'${wrote}' is not available to your code: it may import only its own files (${files
      .map((file) => path.basename(file))
      .join(', ')}) and packages.`,
  });
  return {
    readable,
    explain: (diagnostic) => {
      const file = diagnostic.file;
      if (!file || diagnostic.start === undefined) return diagnostic;
      if (CANNOT_FIND_MODULE.includes(diagnostic.code)) {
        const literal = file.text.slice(
          diagnostic.start,
          diagnostic.start + (diagnostic.length ?? 0),
        );
        const wrote = literal.replace(/^['"`]|['"`]$/g, '');
        // Resolved as the checker would have without the refusal: it was refused if found there.
        const found = ts.resolveModuleName(wrote, file.fileName, options, ts.sys).resolvedModule;
        return found && !readable(found.resolvedFileName) ? refusal(diagnostic, wrote) : diagnostic;
      }
      if (diagnostic.code === FILE_NOT_FOUND) {
        const reference = file.referencedFiles.find(
          (named) => named.pos <= diagnostic.start! && diagnostic.start! < named.end,
        );
        const target = reference && path.resolve(path.dirname(file.fileName), reference.fileName);
        return target && fs.existsSync(target) && !readable(target)
          ? refusal(diagnostic, reference.fileName)
          : diagnostic;
      }
      return diagnostic;
    },
  };
}
