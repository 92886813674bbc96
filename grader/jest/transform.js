'use strict';
// The jest transform for graded runs: the same transpiler and cache as workers and children use
// (runtime/ts-cache.js), so every thread of a test runs the same JavaScript with one source map.
//
// The test file alone claims the declaring functions test and it (see jest/setup.ts), on its
// first line, before its imports load any student code.
//
// Modules of the code under test also lose their handle on jest's module registry: `jest` is
// undefined in them and `@jest/globals` cannot be required, so graded code cannot replace the
// tests' helpers with mocks (jest.doMock) before the tests import them. See docs/security.md.

const crypto = require('crypto');
const path = require('path');
const { compiledSource, compilerKey } = require('../runtime/ts-cache');

const GUARD =
  'var jest = void 0;' +
  ' var require = (function (inner) { function guarded(id) { if (id === "@jest/globals") throw new Error("@jest/globals is not available to graded code"); return inner(id); } guarded.resolve = inner.resolve; return guarded; })(require);' +
  ' var module = new Proxy(module, { get: function (target, key) { return key === "require" ? require : Reflect.get(target, key); } });';

// The test file's first line claims the setup's declaring functions (jest/setup.ts) before its
// imports load any student code; the key is DECLARE_TESTS of jest/channel.ts.
const CLAIM = 'const { test, it } = globalThis[Symbol.for("grader.declare-tests")]();';

const INLINE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

/** Code under test: inside the subject root, and not one of the exercise's own test folders. */
function isGraded(file) {
  const inside = (root) => {
    const relative = path.relative(root, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  };
  const root = process.env.GRADER_SUBJECT_ROOT;
  const exercise = process.env.GRADER_EXERCISE_DIR;
  if (!root || !inside(root)) return false;
  return !exercise || !['tests', 'hidden'].some((dir) => inside(path.join(exercise, dir)));
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
  if (isGraded(file)) return GUARD;
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
  process(_sourceText, sourcePath) {
    const compiled = compiledSource(sourcePath);
    const match = INLINE_MAP.exec(compiled);
    const prefix = prefixFor(sourcePath);
    const code = prefix ? firstLine(compiled, prefix) : compiled;
    return match ? { code, map: Buffer.from(match[1], 'base64').toString('utf8') } : { code };
  },
};
