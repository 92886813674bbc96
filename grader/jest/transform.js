'use strict';
// The jest transform for graded runs: the same transpiler and cache as workers and children use
// (runtime/ts-cache.js), so every thread of a test runs the same JavaScript with one source map.
//
// The test file alone claims the declaring functions test and it (see jest/setup.ts), on its
// first line, before its imports load any student code, and freezes its own jest object.
//
// Graded code (every module that is not course code: the subject's files, and whatever file
// graded code writes and loads) runs in a function of its own inside jest's module wrapper, which
// hands it stand-ins: no `jest`; a `require` that refuses @jest/globals and the tests' own
// modules, with no `cache` or `main`; a `module` without `parent` or `children`, which lead to
// the test file's module and its unguarded require. Being strict from the wrapper's first line,
// neither `arguments` nor a function's `caller` reaches jest's own. See docs/security.md.

const crypto = require('crypto');
const path = require('path');
const { compiledSource, compilerKey } = require('../runtime/ts-cache');

// Opens jest's wrapper (line 1, before the file's own code) and closes it (after its last line).
const GUARD_OPEN = '"use strict"; (function (module, exports, require, jest) {';
const GUARD_CLOSE =
  '\n}).call(this, globalThis[Symbol.for("grader.graded-module")](module, require),' +
  ' exports, globalThis[Symbol.for("grader.graded-require")](require), void 0);';

// The test file's first line claims the setup's declaring functions (jest/setup.ts) before its
// imports load any student code; the key is DECLARE_TESTS of jest/channel.ts.
const CLAIM =
  'const { test, it } = globalThis[Symbol.for("grader.declare-tests")](); Object.freeze(jest);';

const INLINE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

const graderRoot = path.resolve(__dirname, '..', '..');

/** Course code: the grader, its packages, and the exercise's own test folders. */
function courseRoots() {
  const exercise = process.env.GRADER_EXERCISE_DIR;
  const roots = [path.join(graderRoot, 'grader'), path.join(graderRoot, 'node_modules')];
  if (exercise) roots.push(path.join(exercise, 'tests'), path.join(exercise, 'hidden'));
  return roots;
}

const inside = (file, root) => {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
};

/** Graded code: every module that is not course code, wherever it lies. */
function isGraded(file) {
  return !courseRoots().some((root) => inside(file, root));
}

/** An exercise's test file: the one file a test process runs (jest --runTestsByPath). */
function isTestFile(file) {
  const exercise = process.env.GRADER_EXERCISE_DIR;
  if (!exercise || !file.endsWith('.test.ts')) return false;
  return ['tests', 'hidden'].some((dir) => path.dirname(file) === path.join(exercise, dir));
}

/** Code goes on the first line (after the strict-mode directive), so line numbers hold. */
function firstLine(code, line) {
  const directive = '"use strict";';
  return code.startsWith(directive)
    ? `${directive} ${line}${code.slice(directive.length)}`
    : `${line} ${code}`;
}

function prefixFor(file) {
  if (isGraded(file)) return GUARD_OPEN;
  if (isTestFile(file)) return CLAIM;
  return undefined;
}

module.exports = {
  getCacheKey(sourceText, sourcePath) {
    return crypto
      .createHash('sha1')
      .update([compilerKey(), sourcePath, String(prefixFor(sourcePath))].join('\0'))
      .update(sourceText)
      .digest('hex');
  },
  process(sourceText, sourcePath) {
    // JavaScript is transformed only to guard it: graded code's own files, or one it wrote.
    const typescript = sourcePath.endsWith('.ts');
    const graded = isGraded(sourcePath);
    if (!typescript && !graded) return { code: sourceText };
    const compiled = typescript ? compiledSource(sourcePath) : sourceText;
    const match = INLINE_MAP.exec(compiled);
    const prefix = prefixFor(sourcePath);
    let code = prefix ? firstLine(compiled, prefix) : compiled;
    if (graded) code += GUARD_CLOSE;
    return match ? { code, map: Buffer.from(match[1], 'base64').toString('utf8') } : { code };
  },
};
