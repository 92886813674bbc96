import { asData, NotData } from './as-data';

test('data comes back equal, but a fresh copy', () => {
  const values = [
    { a: 1, b: [2, 'three', null, undefined], c: { d: true } },
    [1, [2, [3]]],
    new Map<unknown, unknown>([['a', { b: 1 }]]),
    new Set([1, 'two']),
    new Date(5),
    /a+b/gi,
    new Int32Array([1, 2, 3]),
    Object.assign(Object.create(null) as object, { bare: 1 }),
  ];
  for (const value of values) {
    const copy = asData(value);
    expect(copy).not.toBe(value);
    expect(copy).toStrictEqual(value);
  }
  expect(asData(7)).toBe(7);
  expect(asData('text')).toBe('text');
  expect(asData(undefined)).toBeUndefined();
});

test('holes, cycles and shared parts are kept', () => {
  // eslint-disable-next-line no-sparse-arrays
  const holed = [1, , 3];
  expect(1 in asData(holed)).toBe(false);
  const cycle: Record<string, unknown> = { name: 'loop' };
  cycle.self = cycle;
  const copied = asData(cycle);
  expect(copied.self).toBe(copied);
  const shared = { n: 1 };
  const both = asData([shared, shared]);
  expect(both[0]).toBe(both[1]);
});

test('a class instance becomes a plain object of its own data; methods and accessors are left out', () => {
  class Point {
    constructor(
      readonly x: number,
      readonly y: number,
    ) {}
    length() {
      return Math.hypot(this.x, this.y);
    }
    get twice() {
      return 2 * this.x;
    }
  }
  const copy = asData(new Point(3, 4));
  expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  expect(copy).toStrictEqual({ x: 3, y: 4 });
  expect(asData({ run: () => 1, kept: 1 })).toStrictEqual({ kept: 1 });
});

test('an error keeps its built-in class, message, name, cause and own data', () => {
  class PollTimeoutError extends Error {
    readonly code = 'E_POLL';
    constructor(message: string) {
      super(message, { cause: 'slow' });
      this.name = 'PollTimeoutError';
    }
  }
  const copy = asData(new PollTimeoutError('too late'));
  expect(copy).not.toBeInstanceOf(PollTimeoutError);
  expect(copy).toBeInstanceOf(Error);
  expect(copy.message).toBe('too late');
  expect(copy.name).toBe('PollTimeoutError');
  expect(copy.cause).toBe('slow');
  expect(copy.code).toBe('E_POLL');
  expect(asData(new RangeError('r'))).toBeInstanceOf(RangeError);
  expect(asData(new AggregateError([new Error('inner')])).errors).toEqual([new Error('inner')]);
});

test('copying runs none of the value’s code: no getter, no trap, no iterator', () => {
  let ran = 0;
  const getter = Object.defineProperty({}, 'value', {
    get: () => {
      ran++;
      return 1;
    },
    enumerable: true,
  });
  expect(asData(getter)).toStrictEqual({});
  const trapped = new Proxy(
    {},
    {
      get: () => ++ran,
      ownKeys: () => (ran++, []),
      getPrototypeOf: () => (ran++, null),
      getOwnPropertyDescriptor: () => (ran++, undefined),
    },
  );
  expect(() => asData([trapped])).toThrow(NotData);
  const iterated = { [Symbol.iterator]: () => (ran++, [][Symbol.iterator]()) };
  expect(asData(iterated)).toStrictEqual({});
  expect(ran).toBe(0);
});

test('a value that is, holds or inherits from a Proxy or an asymmetricMatch is refused, saying where', () => {
  const matcher = { asymmetricMatch: () => true };
  expect(() => asData(matcher)).toThrow(/asymmetricMatch/);
  expect(() => asData([1, [2, matcher]])).toThrow(/at \[1\]\[1\].*asymmetricMatch/);
  expect(() => asData(Object.create(matcher))).toThrow(/asymmetricMatch/);
  expect(() => asData(new Map([['key', matcher]]))).toThrow(/asymmetricMatch/);
  expect(() => asData(new Map([[matcher, 1]]))).toThrow(/asymmetricMatch/);
  expect(() => asData(new Set([matcher]))).toThrow(/asymmetricMatch/);
  expect(() => asData(new Proxy([], {}))).toThrow(/Proxy/);
  expect(() => asData({ inner: { deeper: new Proxy({}, {}) } })).toThrow(
    /at \.inner\.deeper.*Proxy/,
  );
  expect(() => asData(Object.create(new Proxy({}, {})))).toThrow(/Proxy/);
});

test('what is not data, or too deep, is refused rather than cut', () => {
  expect(() => asData({ later: Promise.resolve(1) })).toThrow(/promise/);
  expect(() => asData(new WeakMap())).toThrow(/weak/);
  let deep: unknown = 0;
  for (let level = 0; level < 10_000; level++) deep = [deep];
  expect(() => asData(deep)).toThrow(/too deep/);
});
