// The boundary between what graded code returns and the matchers that judge it. jest's equality
// trusts the values it compares: one with an `asymmetricMatch` method is taken for a matcher and
// asked whether it matches (`{ asymmetricMatch: () => true }` equals anything), a Proxy answers
// whatever its traps say, a getter or a custom iterator runs when equality reads it, and two
// values that are both `instanceof Error` are compared by message alone. So, before any student
// code loads (jest/setup.ts):
//   - `expect(value)` hands the matchers a copy of the value made of data alone
//     (testkit/as-data.ts, the test kit's `asData`), which runs none of the value's code, and
//     refuses a value that is, holds or inherits from a Proxy or an `asymmetricMatch`; a
//     function's thrown value and a promise's outcome are copied the same way when they happen;
//   - `toBe` compares identity with the value itself, and `toBeInstanceOf` asks the ordinary
//     prototype walk, never a class's own `Symbol.hasInstance`;
//   - what equality consults of the realm (`instanceof` on the error classes, the iterator
//     prototypes, `Object.prototype`'s methods, Date's and RegExp's) is pinned.
// See docs/authoring.md: tests compare what graded code returns as data.

import { asData, BUILT_IN_ERRORS, NotData } from '../testkit/as-data';

// Captured before student code: native functions that student code cannot change.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isProxy, isPromise } = (require('util') as typeof import('util')).types;
const apply = Reflect.apply;
const ownKeys = Reflect.ownKeys;
const describe = Object.getOwnPropertyDescriptor;
const define = Object.defineProperty;
const prototypeOf = Object.getPrototypeOf;
const then = Promise.prototype.then;

/** Matchers that decide by identity (`Object.is`), run on the value itself: no code of it runs. */
const BY_IDENTITY = ['toBe'];

/**
 * `expect`, with what it is handed copied as data first (testkit/as-data.ts), so no matcher ever
 * sees a value of graded code's: `toBe` compares identity with the value itself, `toBeInstanceOf`
 * asks the ordinary prototype walk (never the class's own `Symbol.hasInstance`), a function's
 * thrown value and a promise's outcome are copied when they happen. Every static of the original
 * (any, objectContaining, ...) is kept.
 */
export function guardedExpect<T extends (...args: never[]) => unknown>(expect: T): T {
  const guarded = function expectChecked(this: unknown, actual: unknown, ...rest: unknown[]) {
    const run = (value: unknown) => apply(expect, this, [value, ...rest]) as Expectation;
    if (typeof actual === 'function' && !isMock(actual))
      return judgedAsData(run(throwingData(actual)), run(actual));
    if (isPromise(actual)) return run(settlingAsData(actual));
    return judgedAsData(run(asData(actual)), run(actual));
  };
  for (const key of ownKeys(expect)) {
    if (key === 'length' || key === 'name' || key === 'prototype') continue;
    define(guarded, key, describe(expect, key)!);
  }
  return guarded as unknown as T;
}

type Matcher = (...args: unknown[]) => unknown;
type Expectation = Record<string, Matcher> & { not: Record<string, Matcher> };

/** jest's matchers on the copy, but for those that only look at identity or prototypes. */
function judgedAsData(onCopy: Expectation, onValue: Expectation): Expectation {
  const mix = (copy: Record<string, Matcher>, value: Record<string, Matcher>) => {
    const mixed: Record<PropertyKey, unknown> = {};
    const set = (key: PropertyKey, item: unknown) =>
      define(mixed, key, { value: item, writable: true, enumerable: true, configurable: true });
    for (const key of ownKeys(copy)) define(mixed, key, describe(copy, key)!);
    for (const key of BY_IDENTITY) set(key, value[key]);
    set('toBeInstanceOf', (Class: unknown) => value.toBeInstanceOf(ordinaryStandIn(Class)));
    return mixed;
  };
  const mixed = mix(onCopy, onValue);
  define(mixed, 'not', { value: mix(onCopy.not, onValue.not), enumerable: true });
  return mixed as Expectation;
}

/** jest's own mock functions: their matchers read the recorded calls, made by the tests. */
function isMock(value: unknown): boolean {
  const marker = describe(value as object, '_isMockFunction');
  return marker !== undefined && 'value' in marker && marker.value === true;
}

/** The function, but what it throws reaches the matchers as a copy (`toThrow`). */
function throwingData(fn: unknown): (...args: unknown[]) => unknown {
  return function (this: unknown, ...args: unknown[]) {
    try {
      return apply(fn as Matcher, this, args);
    } catch (thrown) {
      throw asData(thrown);
    }
  };
}

/** The promise's outcome, copied when it settles (`.resolves`, `.rejects`). */
function settlingAsData(promise: unknown): Promise<unknown> {
  return apply(then, promise, [
    (result: unknown) => asData(result),
    (reason: unknown) => {
      throw asData(reason);
    },
  ]) as Promise<unknown>;
}

/**
 * A class that answers `instanceof` by the ordinary prototype walk only, with the prototype and
 * name `Class` holds as data: a class of graded code's cannot answer for itself.
 */
function ordinaryStandIn(Class: unknown): unknown {
  if (typeof Class !== 'function') return Class;
  if (isProxy(Class)) throw new NotData('toBeInstanceOf was handed a Proxy for a class');
  const prototype = describe(Class, 'prototype');
  if (!prototype || !('value' in prototype))
    throw new NotData('toBeInstanceOf was handed a class with no prototype of data');
  const name = describe(Class, 'name');
  const standIn = function () {};
  define(standIn, 'prototype', { value: prototype.value });
  define(standIn, 'name', { value: name && 'value' in name ? name.value : 'anonymous' });
  return standIn;
}

/** What matchers consult that graded code could otherwise answer for them. */
export function pinWhatMatchersConsult(): void {
  const ordinary = Function.prototype[Symbol.hasInstance];
  for (const ErrorClass of BUILT_IN_ERRORS)
    Object.defineProperty(ErrorClass, Symbol.hasInstance, {
      value: ordinary,
      writable: false,
      configurable: false,
    });
  const iterators = [
    [][Symbol.iterator](),
    new Map().entries(),
    new Set().values(),
    ''[Symbol.iterator](),
  ].map((iterator) => prototypeOf(iterator) as object);
  for (const prototype of [...iterators, prototypeOf(iterators[0]) as object])
    Object.freeze(prototype);
  // Equality reads `Object.prototype.toString.call(a)` for a value's kind, `a.valueOf()` of boxed
  // values and `+a` of dates, `a.constructor`, `a[Symbol.iterator]` and `a.asymmetricMatch`
  // through the prototype chain. A property added to Object.prototype (an `asymmetricMatch` that
  // answers yes, an iterator that yields whatever is expected) reaches every plain object, the
  // copies included: no property can be added to it.
  for (const key of ['toString', 'toLocaleString', 'valueOf', 'constructor'])
    fixKeepingOverrides(Object.prototype, key);
  Object.preventExtensions(Object.prototype);
  fixKeepingOverrides(Function.prototype, 'toString');
  for (const key of ['valueOf', 'getTime']) fixKeepingOverrides(Date.prototype, key);
  pin(Date.prototype, [Symbol.toPrimitive]);
  pin(RegExp.prototype, ['source', 'flags', 'global', 'ignoreCase', 'multiline', 'dotAll']);
  pin(RegExp.prototype, ['unicode', 'sticky', 'hasIndices']);
}

function pin(target: object, keys: PropertyKey[]): void {
  for (const key of keys) define(target, key, { configurable: false });
}

/**
 * Fixes a method of a shared prototype the way the platform cannot: reading it gives the original,
 * and assigning it on an ordinary object still gives that object an own method (as assigning
 * `obj.toString` always has), so ordinary code keeps working. Freezing the property instead would
 * make that assignment fail on every object that inherits it.
 */
function fixKeepingOverrides(target: object, key: string): void {
  const original = (describe(target, key) as PropertyDescriptor).value as unknown;
  define(target, key, {
    get: () => original,
    set(this: object, replacement: unknown) {
      if (this === target)
        throw new TypeError(`${key} of a built-in prototype is fixed before graded code loads`);
      define(this, key, {
        value: replacement,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    },
    enumerable: false,
    configurable: false,
  });
}
