import type { Location } from '../result/types';

// Where an annotation goes when a failure points at no line: a test that failed on its own
// assertion (the starter's stub returned the wrong value) has no frame in the student's code.
// Its name usually says what it tests ("countWithoutLock adds 1 ...", "join resolves ..."), and
// that function, method or class is declared in one of the student's files: its declaration is
// the student's line to start from, not line 1 of the exercise's first file.

/** One of the student's files: its subject-relative path (`<folder>/<file>`) and its text. */
export interface StudentSource {
  file: string;
  text: string;
}

const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'function', 'new']);

/** The line and column of `name`'s declaration: a function, a class, a method, a top-level const. */
function declaration(
  identifier: string,
  text: string,
): { line: number; column: number } | undefined {
  const name = identifier.replace(/\$/g, '\\$');
  // A method: indented, optional modifiers, the name, optional type parameters, then "(".
  const method = new RegExp(
    `^(\\s+(?:(?:public|private|protected|static|async|readonly|override|get|set)\\s+)*\\*?)${name}\\s*(?:<[^>]*>)?\\(`,
  );
  const forms = [
    new RegExp(`^(\\s*(?:export\\s+)?(?:default\\s+)?(?:async\\s+)?function\\*?\\s+)${name}\\b`),
    // "the mutex" in a title is the class Mutex: a class is matched whatever its case.
    new RegExp(`^(\\s*(?:export\\s+)?(?:default\\s+)?(?:abstract\\s+)?class\\s+)${name}\\b`, 'i'),
    new RegExp(`^((?:export\\s+)?(?:const|let|var)\\s+)${name}\\b`),
    method,
  ];
  const lines = text.split('\n');
  for (const form of forms)
    for (let index = 0; index < lines.length; index++) {
      const match = form.exec(lines[index]);
      // A call statement ("    resolve(value);") is not a method's declaration.
      if (match && !(form === method && /;\s*$/.test(lines[index])))
        return { line: index + 1, column: match[1].length + 1 };
    }
  return undefined;
}

/**
 * The declaration, in the student's files, of the first name in the test's title that is declared
 * there; undefined when the title names nothing the files declare.
 */
export function subjectPlace(testName: string, sources: StudentSource[]): Location | undefined {
  const names = testName.match(/[A-Za-z_$][\w$]*/g) ?? [];
  for (const name of names) {
    if (KEYWORDS.has(name)) continue;
    for (const source of sources) {
      const found = declaration(name, source.text);
      if (found) return { file: source.file, ...found };
    }
  }
  return undefined;
}
