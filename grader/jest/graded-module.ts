import * as path from 'path';
// The module builtin itself (as jest hands it to this file), not a namespace copy of it.
import nodeModule = require('module');

// What graded code's modules get in place of jest's `module` and `require` (jest/transform.js
// wraps every graded file in a function that takes these). jest's own lead to the test file's
// module (module.parent, require.main, require.cache), whose require hands out @jest/globals and
// so the test file's jest object (doMock, getTimerCount), and to the tests' own helper modules,
// whose exports the tests call later. Installed by jest/setup.ts before the test file runs.

/** Where transform.js finds the stand-ins (the same keys are spelled there). */
export const GRADED_MODULE = Symbol.for('grader.graded-module');
export const GRADED_REQUIRE = Symbol.for('grader.graded-require');

type Require = ((id: string) => unknown) & { resolve: ((id: string) => string) & object };

/**
 * Course code that graded code may not load: the grader's modules (testkit's functions the tests
 * call) and the exercise's tests and their helpers. node_modules stays open: student code uses
 * packages; the ones the tests' assertions use live in jest's own registry.
 */
function closedRoots(): string[] {
  const graderRoot = path.resolve(__dirname, '..', '..');
  const exercise = process.env.GRADER_EXERCISE_DIR;
  const roots = [path.join(graderRoot, 'grader')];
  if (exercise) roots.push(path.join(exercise, 'tests'), path.join(exercise, 'hidden'));
  return roots;
}

// Taken at load: `path` is the host's module object, which graded code can patch.
const { relative: relativePath, isAbsolute } = path;

const inside = (file: string, root: string) => {
  const relative = relativePath(root, file);
  return relative !== '' && !relative.startsWith('..') && !isAbsolute(relative);
};

function refused(id: string, why: string): Error {
  return Object.assign(new Error(`${id} is not available to graded code: ${why}`), {
    code: 'ERR_ACCESS_DENIED',
  });
}

/** A require that refuses @jest/globals, `module` (whose createRequire is jest's) and course code. */
function gradedRequire(inner: Require, roots: string[]): Require {
  const resolve = (id: string) => inner.resolve(id);
  const guarded = (id: string) => {
    const name = String(id);
    if (name === '@jest/globals') throw refused(name, 'it holds the tests’ jest object');
    let resolved: string | undefined;
    try {
      resolved = resolve(name);
    } catch {
      // Not found: jest's require says so, as for any missing module.
    }
    // A builtin resolves to its own name.
    if (resolved && isAbsolute(resolved) && roots.some((root) => inside(resolved, root)))
      throw refused(name, 'it is the tests’ own code');
    return inner(name);
  };
  guarded.resolve = resolve;
  return guarded;
}

/** A module object with exports, id, filename and paths, and no way to other modules. */
function gradedModule(real: Record<PropertyKey, unknown>, require: Require): object {
  const passed = new Set<PropertyKey>(['exports', 'id', 'filename', 'loaded', 'path', 'paths']);
  // Truthy, as a required module's parent is: `if (!module.parent) main()` keeps its meaning.
  const parent = Object.freeze({});
  return new Proxy(
    {},
    {
      get: (_target, key) => {
        if (key === 'require') return require;
        if (key === 'parent') return parent;
        if (key === 'children') return [];
        return passed.has(key) ? real[key] : undefined;
      },
      set: (_target, key, value) => {
        if (key !== 'exports') return false;
        real.exports = value;
        return true;
      },
      has: (_target, key) =>
        passed.has(key) || ['require', 'parent', 'children'].includes(key as string),
    },
  );
}

/** Defines the stand-ins' factories for transform.js, and guards jest's `module.createRequire`. */
export function installGradedModuleGuards(options: { closeHost?: boolean } = {}): void {
  const roots = closedRoots();
  const constant = (value: unknown) => ({ value, writable: false, configurable: false });
  Object.defineProperty(
    globalThis,
    GRADED_REQUIRE,
    constant((inner: Require) => gradedRequire(inner, roots)),
  );
  Object.defineProperty(
    globalThis,
    GRADED_MODULE,
    constant((real: Record<PropertyKey, unknown>, inner: Require) =>
      gradedModule(real, gradedRequire(inner, roots)),
    ),
  );
  // jest's `module` builtin (what require('module') and process.getBuiltinModule('module') give
  // every module of this test file) makes a jest require for any path: one that graded code asks
  // for is guarded the same way. Node's own createRequire loads outside jest's registry.
  const moduleClass = nodeModule as unknown as { createRequire?: (file: string) => Require };
  const createRequire = moduleClass.createRequire;
  if (typeof createRequire === 'function')
    Object.defineProperty(moduleClass, 'createRequire', {
      value: (file: string) => gradedRequire(createRequire(file), roots),
      writable: false,
      configurable: false,
    });
  // Closing the host's doors is for good (non-configurable): the course's own unit test, which
  // runs in jest's shared process, proves it in a child process instead.
  if (options.closeHost !== false) closeHostModuleCache();
}

/**
 * jest's own realm (reached through any host function's constructor) holds Node's module cache,
 * and in it jest-runtime, whose prototype decides what the test file's later imports return: a
 * patch there handed the hidden tests' helper back with answers read from the case tables
 * (forge-jest-runtime-swaps-helper). The host process's two doors to that cache are closed: its
 * `mainModule` (jest's bin) and its `getBuiltinModule('module')`. jest reads neither once tests run.
 */
function closeHostModuleCache(): void {
  const host = (Buffer as unknown as { constructor: FunctionConstructor }).constructor(
    'return process',
  )() as NodeJS.Process & { getBuiltinModule?: (id: string) => unknown };
  Object.defineProperty(host, 'mainModule', {
    value: undefined,
    writable: false,
    configurable: false,
  });
  const getBuiltinModule = host.getBuiltinModule;
  if (typeof getBuiltinModule === 'function')
    Object.defineProperty(host, 'getBuiltinModule', {
      value: (id: string) => {
        if (String(id).replace(/^node:/, '') === 'module')
          throw refused(String(id), 'it holds the module cache of jest’s own realm');
        return Reflect.apply(getBuiltinModule, host, [id]);
      },
      writable: false,
      configurable: false,
    });
}
