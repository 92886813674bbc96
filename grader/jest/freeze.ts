import * as path from 'path';
import { guardedExpect } from './received';

// What assertions depend on, frozen by the setup (setup.ts) before any student code loads: jest's
// expect and its matchers, the intrinsics matchers call, and the test kit's exports.

export function freezeExpect(): void {
  const expect = (
    globalThis as unknown as { expect: { extend: unknown; addEqualityTesters: unknown } }
  ).expect;
  const late = (what: string) => () => {
    throw new Error(`${what} is not allowed in graded code: matchers are fixed before it loads`);
  };
  expect.extend = late('expect.extend');
  expect.addEqualityTesters = late('expect.addEqualityTesters');
  Object.freeze(expect);
  // What the test hands expect is looked at as data first (received.ts).
  const checked = Object.freeze(guardedExpect(expect as unknown as () => unknown));
  Object.defineProperty(globalThis, 'expect', {
    value: checked,
    writable: false,
    configurable: false,
  });
  // Matchers live on a global object of jest's, shared by every copy of expect in the realm.
  const key = Symbol.for('$$jest-matchers-object');
  const matchersObject = (globalThis as Record<symbol, Record<string, object>>)[key];
  if (matchersObject) {
    Object.freeze(matchersObject.matchers);
    Object.freeze(matchersObject.customEqualityTesters);
    Object.freeze(matchersObject);
    Object.defineProperty(globalThis, key, { writable: false, configurable: false });
  }
}

export function freezeIntrinsics(): void {
  for (const target of [
    Object,
    Array,
    Array.prototype,
    Promise,
    Promise.prototype,
    Reflect,
    JSON,
    Math,
    Number,
    Number.prototype,
    String,
    String.prototype,
    Boolean.prototype,
    Symbol,
    Map.prototype,
    Set.prototype,
    WeakMap.prototype,
    WeakSet.prototype,
  ])
    Object.freeze(target);
  // Freezing all of Object.prototype or Function.prototype would break ordinary code that assigns
  // `obj.toString` (fake timers do): the methods assertions call through them are pinned instead.
  const pin = (target: object, keys: PropertyKey[]) => {
    for (const key of keys)
      Object.defineProperty(target, key, { writable: false, configurable: false });
  };
  pin(Object.prototype, ['hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable']);
  pin(Function.prototype, ['call', 'apply', 'bind', Symbol.hasInstance]);
}

export function freezeTestKit(): void {
  const testkit = path.resolve(__dirname, '..', 'testkit');
  require(path.join(testkit, 'index.ts'));
  for (const file of Object.keys(require.cache))
    if (file.startsWith(testkit + path.sep)) Object.freeze(require.cache[file]?.exports);
}
