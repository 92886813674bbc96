// The boundary between what graded code hands a test and what judges it: a copy made of data
// alone, like a structured clone, that runs none of the value's code. Graded code runs in the
// same realm as the assertions, so a value it returns can answer for itself: a getter or a Proxy
// trap runs when read, an `asymmetricMatch` method is taken by jest for a matcher, a class's
// `Symbol.hasInstance` answers `instanceof`, a custom iterator or `constructor` is consulted by
// equality. The copy keeps what a value holds and none of how it behaves:
//   - primitives as they are; plain objects and class instances become plain objects (a null
//     prototype stays null) of their own enumerable string-keyed data properties (as a structured
//     clone, symbol keys are left out: `Symbol.toStringTag` would tell equality another kind);
//   - arrays (holes kept), Map, Set, Date, RegExp, boxed primitives, typed arrays and buffers
//     become fresh ones of the same built-in kind;
//   - an error becomes an error of the nearest built-in class it inherits from (a
//     `class PollTimeoutError extends Error` becomes an `Error` whose `name` is kept), with its
//     message, stack, cause, errors and own enumerable data properties;
//   - accessors and functions are left out (reading a getter would run graded code);
//   - a value that is, holds or inherits from a Proxy or an `asymmetricMatch` is refused (it
//     cannot be read without running its code, or it means to be taken for a matcher), as is a
//     value with something no copy can hold (a promise, a weak map) or too big to copy.
// Everything the copy calls was taken when this module loaded, before any graded code (the test
// setup loads the test kit first), so graded code cannot change how it copies.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const types = (require('util') as typeof import('util')).types;

const { isProxy, isNativeError, isMap, isSet, isDate, isRegExp, isBoxedPrimitive } = types;
const { isArrayBuffer, isSharedArrayBuffer, isTypedArray, isPromise } = types;
const apply = Reflect.apply;
const ownKeys = Reflect.ownKeys;
const describe = Reflect.getOwnPropertyDescriptor;
const define = Reflect.defineProperty;
const prototypeOf = Reflect.getPrototypeOf;
const createObject = Object.create;
const isArray = Array.isArray;
const ObjectPrototype = Object.prototype;
const forEachOfMap = Map.prototype.forEach;
const forEachOfSet = Set.prototype.forEach;
const setInMap = Map.prototype.set;
const addToSet = Set.prototype.add;
const getTime = Date.prototype.getTime;
const NewMap = Map;
const NewSet = Set;
const NewDate = Date;
const NewArray = Array;
const NewRegExp = RegExp;
const NewUint8Array = Uint8Array;
const NewArrayBuffer = ArrayBuffer;
const NewSharedArrayBuffer = SharedArrayBuffer;
const getter = (target: object, key: PropertyKey) =>
  (describe(target, key) as PropertyDescriptor).get as (this: unknown) => unknown;
const regExpSource = getter(RegExp.prototype, 'source');
const regExpFlags = (
  [
    ['hasIndices', 'd'],
    ['global', 'g'],
    ['ignoreCase', 'i'],
    ['multiline', 'm'],
    ['dotAll', 's'],
    ['unicode', 'u'],
    ['unicodeSets', 'v'],
    ['sticky', 'y'],
  ] as const
)
  .filter(([flag]) => describe(RegExp.prototype, flag) !== undefined)
  .map(([flag, letter]) => ({ read: getter(RegExp.prototype, flag), letter }));
const TypedArrayPrototype = prototypeOf(Int8Array.prototype) as object;
const typedArrayKind = getter(TypedArrayPrototype, Symbol.toStringTag) as () => string;
const typedArrayLength = getter(TypedArrayPrototype, 'length') as () => number;
const byteLengthOf = getter(ArrayBuffer.prototype, 'byteLength') as () => number;
const sharedByteLengthOf = getter(SharedArrayBuffer.prototype, 'byteLength') as () => number;
const typedArrays: Record<string, new (length: number) => Record<number, unknown>> = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as never;
const boxes = [
  { valueOf: Number.prototype.valueOf, box: Number },
  { valueOf: String.prototype.valueOf, box: String },
  { valueOf: Boolean.prototype.valueOf, box: Boolean },
] as const;
/** The built-in error classes, most specific first (Error last). */
export const BUILT_IN_ERRORS: readonly (new (...args: never[]) => Error)[] = [
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
  AggregateError,
  Error,
];
const errorClasses = BUILT_IN_ERRORS.map((ErrorClass) => ({
  ErrorClass,
  prototype: ErrorClass.prototype as object,
}));

const MAX_DEPTH = 64;
// Past these a value is refused, not cut: a cut copy could compare equal where the value does not.
const MAX_VALUES = 1_000_000;

/** Why a value cannot be handed to a test as data. */
export class NotData extends Error {}

/**
 * A copy of `value` made of data alone, which no code of graded code's can answer for (see the top
 * of this file). Throws `NotData` (saying why, and where) when the value cannot be copied so.
 */
export function asData<T>(value: T): T {
  const copies = new NewMap<object, unknown>();
  let count = 0;
  const refuse = (path: string, why: string): never => {
    throw new NotData(`the value under test${path ? ` (at ${path})` : ''} ${why}`);
  };

  const copy = (item: unknown, path: string, depth: number): unknown => {
    if (item === null || (typeof item !== 'object' && typeof item !== 'function')) return item;
    const known = apply(mapGet, copies, [item]);
    if (known !== undefined) return known;
    if (depth > MAX_DEPTH || ++count > MAX_VALUES)
      refuse(path, 'is too deep or too big to be compared as data');
    checkPrototypes(item as object, path);
    if (typeof item === 'function') return undefined;
    const source = item as Record<PropertyKey, unknown>;
    const made = shell(source, path) as Record<PropertyKey, unknown>;
    apply(setInMap, copies, [item, made]);
    fill(source, made, path, depth);
    return made;
  };

  const checkPrototypes = (item: object, path: string) => {
    for (let link: object | null = item; link !== null; link = prototypeOf(link)) {
      if (isProxy(link)) refuse(path, 'is or inherits from a Proxy (its traps would answer)');
      if (describe(link, 'asymmetricMatch'))
        refuse(path, 'carries an asymmetricMatch method (jest would take it for a matcher)');
    }
  };

  /** A fresh, empty value of the same built-in kind. */
  const shell = (source: Record<PropertyKey, unknown>, path: string): object => {
    if (isArray(source))
      return new NewArray((describe(source, 'length') as { value: number }).value);
    if (isNativeError(source)) return newError(source);
    if (isMap(source)) return new NewMap();
    if (isSet(source)) return new NewSet();
    if (isDate(source)) return new NewDate(apply(getTime, source, []) as number);
    if (isRegExp(source)) {
      let flags = '';
      for (const { read, letter } of regExpFlags) if (apply(read, source, [])) flags += letter;
      return new NewRegExp(apply(regExpSource, source, []) as string, flags);
    }
    if (isBoxedPrimitive(source)) {
      for (const { valueOf, box } of boxes)
        try {
          return new (box as unknown as new (value: unknown) => object)(
            apply(valueOf as () => unknown, source, []),
          );
        } catch {
          // Not this kind of box: the next.
        }
      return refuse(path, 'is a boxed symbol or bigint, which cannot be compared as data');
    }
    if (isTypedArray(source)) {
      const length = apply(typedArrayLength, source, []);
      const made = new typedArrays[apply(typedArrayKind, source, [])](length);
      for (let index = 0; index < length; index++) made[index] = source[index];
      return made;
    }
    if (isArrayBuffer(source) || isSharedArrayBuffer(source)) {
      const shared = isSharedArrayBuffer(source);
      const length = apply(shared ? sharedByteLengthOf : byteLengthOf, source, []);
      const made = shared ? new NewSharedArrayBuffer(length) : new NewArrayBuffer(length);
      const bytes = new NewUint8Array(made);
      const from = new NewUint8Array(source as unknown as ArrayBuffer);
      for (let index = 0; index < length; index++) bytes[index] = from[index];
      return made;
    }
    if (isPromise(source) || types.isWeakMap(source) || types.isWeakSet(source))
      return refuse(path, 'is a promise or a weak collection, which is not data');
    return createObject(prototypeOf(source) === null ? null : ObjectPrototype) as object;
  };

  /** The own enumerable data properties (and an error's own message, stack, cause, errors). */
  const fill = (
    source: Record<PropertyKey, unknown>,
    made: Record<PropertyKey, unknown>,
    path: string,
    depth: number,
  ) => {
    const error = isNativeError(source);
    for (const key of ownKeys(source)) {
      if (typeof key === 'symbol') continue;
      const property = describe(source, key) as PropertyDescriptor;
      if (!('value' in property)) continue;
      const kept =
        error && (key === 'message' || key === 'stack' || key === 'cause' || key === 'errors');
      if (!property.enumerable && !kept) continue;
      if (key === 'length' && isArray(source)) continue;
      const inner = copy(property.value, `${path}${keyText(key)}`, depth + 1);
      if (typeof property.value === 'function') continue;
      define(made, key, {
        value: inner,
        writable: true,
        enumerable: property.enumerable,
        configurable: true,
      });
    }
    if (isMap(source))
      apply(forEachOfMap, source, [
        (entry: unknown, key: unknown) =>
          apply(setInMap, made, [
            copy(key, `${path}<key>`, depth + 1),
            copy(entry, `${path}.get(…)`, depth + 1),
          ]),
      ]);
    else if (isSet(source))
      apply(forEachOfSet, source, [
        (entry: unknown) => apply(addToSet, made, [copy(entry, `${path}<entry>`, depth + 1)]),
      ]);
  };

  return copy(value, '', 0) as T;
}

const mapGet = Map.prototype.get;

/** An error of the nearest built-in class `source` inherits from, with the name it answers to. */
function newError(source: object): object {
  let ErrorClass: new (...args: never[]) => Error = Error;
  let name: unknown;
  for (let link: object | null = source; link !== null; link = prototypeOf(link)) {
    const own = describe(link, 'name');
    if (name === undefined && own && 'value' in own) name = own.value;
    const builtIn = errorClasses.find((entry) => entry.prototype === link);
    if (builtIn) {
      ErrorClass = builtIn.ErrorClass;
      break;
    }
  }
  const made =
    ErrorClass === (AggregateError as unknown) ? new AggregateError([]) : new ErrorClass();
  if (typeof name === 'string' && name !== ErrorClass.name)
    define(made, 'name', { value: name, writable: true, enumerable: false, configurable: true });
  return made;
}

function keyText(key: PropertyKey): string {
  if (typeof key === 'symbol') return `[${String(key)}]`;
  return key !== '' && Number(key) >= 0 ? `[${key}]` : `.${key}`;
}
