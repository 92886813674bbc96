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

// What the test file requires, as TypeScript compiles its imports: `require("./board")`.
const REQUIRE_CALL = /\brequire\("([^"\n]+)"\)/g;

/**
 * The test file's first line also loads every module it imports but the code under test, in the
 * file's order, before any student code runs: jest keeps each in its registry, so the import
 * itself, later, only looks it up. Loaded after student code, a helper went through what graded
 * code shares with jest (Node's vm.compileFunction, fs): a replaced vm.compileFunction handed the
 * hidden tests' helper back with answers read from the case tables (forge-vm-compile-swaps-helper).
 */
function preloads(compiled) {
  let line = '';
  for (const match of compiled.matchAll(REQUIRE_CALL))
    if (!call(startsWith, match[1], '@subject/')) line += ` require(${JSON.stringify(match[1])});`;
  return line;
}

const INLINE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

// Taken at load, before student code: this file runs in jest's own realm, whose `path` module,
// environment and prototypes graded code can reach and patch (docs/security.md), and it decides
// what is graded.
const apply = Reflect.apply;
const { relative: relativePath, isAbsolute, join, dirname } = path;
const { startsWith, endsWith, slice } = String.prototype;
const FunctionConstructor = Function;
const { createHash } = crypto;
const call = (method, text, argument) => apply(method, text, [argument]);

const graderRoot = path.resolve(__dirname, '..', '..');
const exercise = process.env.GRADER_EXERCISE_DIR;
const testFolders = exercise ? [join(exercise, 'tests'), join(exercise, 'hidden')] : [];
/** Course code: the grader, its packages, and the exercise's own test folders. */
const courseRoots = [join(graderRoot, 'grader'), join(graderRoot, 'node_modules')];
for (let index = 0; index < testFolders.length; index += 1)
  courseRoots[courseRoots.length] = testFolders[index];

const inside = (file, root) => {
  const relative = relativePath(root, file);
  return relative !== '' && !call(startsWith, relative, '..') && !isAbsolute(relative);
};

/** Graded code: every module that is not course code, wherever it lies. */
function isGraded(file) {
  for (let index = 0; index < courseRoots.length; index += 1)
    if (inside(file, courseRoots[index])) return false;
  return true;
}

/** An exercise's test file: the one file a test process runs (jest --runTestsByPath). */
function isTestFile(file) {
  if (!call(endsWith, file, '.test.ts')) return false;
  return dirname(file) === testFolders[0] || dirname(file) === testFolders[1];
}

/** Code goes on the first line (after the strict-mode directive), so line numbers hold. */
function firstLine(code, line) {
  const directive = '"use strict";';
  return call(startsWith, code, directive)
    ? `${directive} ${line}${call(slice, code, directive.length)}`
    : `${line} ${code}`;
}

/**
 * Graded code runs inside a function that transform.js opens and closes around it: code that
 * could close it early (`}).call(this); module.parent...`, a file graded code wrote) would run in
 * jest's wrapper. Only code that parses as a function body on its own is wrapped.
 */
function wrapsWhole(code) {
  try {
    FunctionConstructor(code);
    return true;
  } catch {
    return false;
  }
}

const REFUSED = 'throw new SyntaxError("this file does not parse as a module on its own");';

function prefixFor(file) {
  if (isGraded(file)) return GUARD_OPEN;
  if (isTestFile(file)) return CLAIM;
  return undefined;
}

// Frozen: jest calls transformer.process on this very object, which graded code can reach in
// Node's own module cache (process.mainModule.require) and would otherwise replace.
module.exports = Object.freeze({
  getCacheKey(sourceText, sourcePath) {
    // Concatenated, with the createHash taken at load: see the note on what is taken at load.
    return createHash('sha1')
      .update(`${compilerKey()}\0${sourcePath}\0${String(prefixFor(sourcePath))}`)
      .update(sourceText)
      .digest('hex');
  },
  process(sourceText, sourcePath) {
    // JavaScript is transformed only to guard it: graded code's own files, or one it wrote.
    const typescript = call(endsWith, sourcePath, '.ts');
    const graded = isGraded(sourcePath);
    if (!typescript && !graded) return { code: sourceText };
    const compiled = typescript ? compiledSource(sourcePath) : sourceText;
    if (graded && !wrapsWhole(compiled)) return { code: REFUSED };
    const match = INLINE_MAP.exec(compiled);
    const claim = prefixFor(sourcePath);
    const prefix = claim === CLAIM ? `${CLAIM}${preloads(compiled)}` : claim;
    let code = prefix ? firstLine(compiled, prefix) : compiled;
    if (graded) code += GUARD_CLOSE;
    return match ? { code, map: Buffer.from(match[1], 'base64').toString('utf8') } : { code };
  },
});
