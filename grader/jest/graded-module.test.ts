import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { installGradedModuleGuards } from './graded-module';

// A graded file as the grader's jest runs it: transform.js wraps it, jest's module wrapper calls
// it with jest's module, require and jest object. What graded code can reach of them must lead
// neither to the test file's module nor to the tests' own code.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graded-module-'));
const exercise = path.join(dir, 'exercise');
const helper = path.join(exercise, 'tests', 'helper.ts');
fs.mkdirSync(path.dirname(helper), { recursive: true });
fs.writeFileSync(helper, 'export const track = 1;\n');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const saved = process.env.GRADER_EXERCISE_DIR;
process.env.GRADER_EXERCISE_DIR = exercise;
// Not the host's doors: closed for good, they would break every later test file jest runs in this
// process. The last test closes them in a process of its own.
installGradedModuleGuards({ closeHost: false });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transform = require('./transform') as {
  process(source: string, file: string): { code: string };
};
afterAll(() => {
  process.env.GRADER_EXERCISE_DIR = saved;
});

/** Runs `source` as graded file `name` under a stand-in of jest's wrapper; returns its exports. */
function runGraded(name: string, source: string) {
  const file = path.join(dir, 'subject', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, source);
  const { code } = transform.process(source, file);
  const testsJest = { doMock: () => 'mocked' };
  const testModule = { id: 'the test file', require: () => ({ jest: testsJest }) };
  const jestRequire = Object.assign(
    (id: string) => (id === '@jest/globals' ? { jest: testsJest } : require(id)),
    {
      resolve: (id: string) => (id.startsWith('.') ? path.resolve(path.dirname(file), id) : id),
      cache: { test: testModule },
      main: testModule,
    },
  );
  const module = {
    exports: {},
    id: file,
    filename: file,
    parent: testModule,
    children: [testModule],
  };
  const wrapper = new Function(
    'module',
    'exports',
    'require',
    '__dirname',
    '__filename',
    'jest',
    code,
  );
  wrapper.call(
    module.exports,
    module,
    module.exports,
    jestRequire,
    path.dirname(file),
    file,
    testsJest,
  );
  return module.exports as Record<string, unknown>;
}

test("graded code gets no jest object, and no way to the test file's module", () => {
  const seen = runGraded(
    'reach.js',
    `'use strict';
    const tryIt = (f) => { try { return f(); } catch (e) { return e.code || e.constructor.name; } };
    exports.jest = typeof jest;
    exports.argumentsJest = typeof arguments[5];
    exports.argumentsModuleParent = tryIt(() => arguments[0].parent && arguments[0].parent.id);
    exports.parent = tryIt(() => module.parent.id);
    exports.parentTruthy = Boolean(module.parent);
    exports.children = module.children.length;
    exports.main = typeof require.main;
    exports.cache = typeof require.cache;
    exports.globals = tryIt(() => require('@jest/globals'));
    exports.viaModule = tryIt(() => module.require('@jest/globals'));
    exports.helper = tryIt(() => require('../exercise/tests/helper.ts'));
    exports.caller = tryIt(() => (function f() { return f.caller; })());
    module.exports.kept = 'yes';
    `,
  );
  expect(seen).toEqual({
    jest: 'undefined',
    argumentsJest: 'undefined',
    argumentsModuleParent: undefined,
    parent: undefined,
    parentTruthy: true,
    children: 0,
    main: 'undefined',
    cache: 'undefined',
    globals: 'ERR_ACCESS_DENIED',
    viaModule: 'ERR_ACCESS_DENIED',
    helper: 'ERR_ACCESS_DENIED',
    caller: 'TypeError',
    kept: 'yes',
  });
});

test('graded code that replaces module.exports, and a sloppy file, still work', () => {
  expect(runGraded('replace.js', 'module.exports = { answer: 42 };').answer).toBe(42);
  expect(runGraded('sloppy.js', 'exports.value = require("path").basename("/a/b");').value).toBe(
    'b',
  );
});

test('course JavaScript is left as it is', () => {
  const source = 'exports.x = 1;';
  expect(transform.process(source, path.join(__dirname, 'plain.js')).code).toBe(source);
});

test('a graded file that would close its wrapper early is refused, not run', () => {
  const escape = '}).call(this); module.exports.escaped = typeof jest; (function () {';
  expect(() => runGraded('escape.js', escape)).toThrow('does not parse as a module on its own');
});

test('what decides graded code is taken at load: patching path afterwards changes nothing', () => {
  // The module object itself, as graded code gets it (an import is a copy of its exports).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hostPath = require('path') as { relative: typeof path.relative };
  const relative = hostPath.relative;
  hostPath.relative = () => 'inside';
  try {
    expect(runGraded('patched.js', 'exports.jest = typeof jest;').jest).toBe('undefined');
  } finally {
    hostPath.relative = relative;
  }
});

test("the host process's doors to jest's module cache are closed: mainModule and getBuiltinModule('module')", () => {
  const script = `
    process.env.GRADER_EXERCISE_DIR = ${JSON.stringify(exercise)};
    require(${JSON.stringify(path.join(__dirname, 'graded-module.ts'))}).installGradedModuleGuards();
    const tryIt = (f) => { try { return f(); } catch (e) { return e.code || e.constructor.name; } };
    process.stdout.write(JSON.stringify({
      mainModule: typeof process.mainModule,
      moduleBuiltin: tryIt(() => typeof process.getBuiltinModule('node:module')),
      otherBuiltin: tryIt(() => typeof process.getBuiltinModule('path').join),
      reassigned: tryIt(() => { process.getBuiltinModule = () => 'mine'; return typeof process.getBuiltinModule('module'); }),
    }));`;
  // A file, not -e: only a process started from a file has a mainModule to close.
  const main = path.join(dir, 'host.js');
  fs.writeFileSync(main, script);
  const child = spawnSync(
    process.execPath,
    ['-r', path.join(__dirname, '..', 'runtime', 'register.js'), main],
    { encoding: 'utf8', timeout: 30_000 },
  );
  expect(child.stderr).toBe('');
  expect(JSON.parse(child.stdout)).toEqual({
    mainModule: 'undefined',
    moduleBuiltin: 'ERR_ACCESS_DENIED',
    otherBuiltin: 'function',
    reassigned: 'ERR_ACCESS_DENIED',
  });
});
