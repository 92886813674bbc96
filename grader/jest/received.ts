// The boundary between what graded code returns and the matchers that judge it. jest's equality
// trusts the values it compares: one with an `asymmetricMatch` method is taken for a matcher and
// asked whether it matches (`{ asymmetricMatch: () => true }` equals anything), a Proxy answers
// whatever its traps say, and two values that are both `instanceof Error` are compared by message
// alone. So, before any student code loads (jest/setup.ts):
//   - `expect(value)` first looks at the value as data, without running any of its code (no
//     getter is read, no trap is sprung): a value that is, holds or inherits from a Proxy, or that
//     carries an `asymmetricMatch`, fails the assertion; a native promise's value (what
//     `.resolves`/`.rejects` hand the matchers) is looked at the same way when it settles;
//   - `instanceof` on the error classes is pinned to the ordinary check, so graded code cannot
//     answer it, and the iterator prototypes equality walks with are frozen.
// See docs/authoring.md: tests compare what graded code returns as data.

// Captured before student code: native functions that student code cannot change.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isProxy, isPromise } = (require('util') as typeof import('util')).types;
const apply = Reflect.apply;
const ownKeys = Reflect.ownKeys;
const describe = Object.getOwnPropertyDescriptor;
const prototypeOf = Object.getPrototypeOf;
const then = Promise.prototype.then;
const forEachOfMap = Map.prototype.forEach;
const forEachOfSet = Set.prototype.forEach;
const isMap = (require('util') as typeof import('util')).types.isMap;
const isSet = (require('util') as typeof import('util')).types.isSet;

const MAX_DEPTH = 8;
const MAX_VALUES = 10_000;

/** Why a value cannot be judged as data, or undefined when it can. */
export function exoticPart(value: unknown): string | undefined {
  const seen = new Set<unknown>();
  const look = (item: unknown, depth: number): string | undefined => {
    if (item === null || (typeof item !== 'object' && typeof item !== 'function')) return undefined;
    if (seen.has(item) || depth > MAX_DEPTH || seen.size > MAX_VALUES) return undefined;
    seen.add(item);
    for (let link: unknown = item; link !== null; link = prototypeOf(link)) {
      if (isProxy(link)) return 'is or inherits from a Proxy';
      if (describe(link as object, 'asymmetricMatch'))
        return 'carries an asymmetricMatch method (jest would take it for a matcher)';
    }
    for (const key of ownKeys(item as object)) {
      const property = describe(item as object, key);
      if (property && 'value' in property) {
        const found = look(property.value, depth + 1);
        if (found) return found;
      }
    }
    let inside: string | undefined;
    if (isMap(item))
      apply(forEachOfMap, item, [
        (entry: unknown, key: unknown) =>
          (inside ??= look(key, depth + 1) ?? look(entry, depth + 1)),
      ]);
    else if (isSet(item))
      apply(forEachOfSet, item, [(entry: unknown) => (inside ??= look(entry, depth + 1))]);
    return inside;
  };
  return look(value, 0);
}

function refuse(problem: string): Error {
  return new Error(
    `the value under test ${problem}: tests compare what graded code returns as plain data`,
  );
}

function checked(value: unknown): unknown {
  const problem = exoticPart(value);
  if (problem) throw refuse(problem);
  if (isPromise(value))
    return apply(then, value, [
      (result: unknown) => {
        const inResult = exoticPart(result);
        if (inResult) throw refuse(`resolves to a value that ${inResult}`);
        return result;
      },
      (reason: unknown) => {
        const inReason = exoticPart(reason);
        throw inReason ? refuse(`rejects with a value that ${inReason}`) : reason;
      },
    ]);
  return value;
}

/** `expect`, with what it is handed looked at first; every static of the original (any, ...) kept. */
export function guardedExpect<T extends (...args: never[]) => unknown>(expect: T): T {
  const guarded = function expectChecked(this: unknown, actual: unknown, ...rest: unknown[]) {
    return apply(expect, this, [checked(actual), ...rest]);
  };
  for (const key of ownKeys(expect)) {
    if (key === 'length' || key === 'name' || key === 'prototype') continue;
    Object.defineProperty(guarded, key, describe(expect, key)!);
  }
  return guarded as unknown as T;
}

/** What matchers consult that graded code could otherwise answer for them. */
export function pinWhatMatchersConsult(): void {
  const ordinary = Function.prototype[Symbol.hasInstance];
  for (const ErrorClass of [
    Error,
    TypeError,
    RangeError,
    SyntaxError,
    ReferenceError,
    EvalError,
    URIError,
    AggregateError,
  ])
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
}
