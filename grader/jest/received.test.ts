import { exoticPart } from './received';

test('plain data, arrays, maps, sets, errors and class instances can be judged as data', () => {
  class Point {
    constructor(
      readonly x: number,
      readonly y: number,
    ) {}
  }
  const values = [
    undefined,
    0,
    'text',
    [1, [2, { three: 3 }]],
    new Map([['a', { b: 1 }]]),
    new Set([1, 2]),
    new Error('boom'),
    new Point(1, 2),
    Promise.resolve(1),
  ];
  for (const value of values) expect(exoticPart(value)).toBeUndefined();
});

test('a value that is, holds or inherits from a Proxy or an asymmetricMatch is refused', () => {
  const matcher = { asymmetricMatch: () => true };
  expect(exoticPart(matcher)).toMatch(/asymmetricMatch/);
  expect(exoticPart([1, [2, matcher]])).toMatch(/asymmetricMatch/);
  expect(exoticPart(Object.create(matcher))).toMatch(/asymmetricMatch/);
  expect(exoticPart(new Map([['key', matcher]]))).toMatch(/asymmetricMatch/);
  expect(exoticPart(new Map([[matcher, 1]]))).toMatch(/asymmetricMatch/);
  expect(exoticPart(new Set([matcher]))).toMatch(/asymmetricMatch/);
  expect(exoticPart(new Proxy([], {}))).toMatch(/Proxy/);
  expect(exoticPart({ inner: { deeper: new Proxy({}, {}) } })).toMatch(/Proxy/);
  expect(exoticPart(Object.create(new Proxy({}, {})))).toMatch(/Proxy/);
});

test('looking runs none of the value’s code: no getter, no trap', () => {
  let ran = 0;
  const getter = Object.defineProperty({}, 'value', {
    get: () => {
      ran++;
      return 1;
    },
    enumerable: true,
  });
  const trapped = new Proxy(
    {},
    {
      get: () => {
        ran++;
        return undefined;
      },
      ownKeys: () => {
        ran++;
        return [];
      },
      getPrototypeOf: () => {
        ran++;
        return null;
      },
    },
  );
  exoticPart(getter);
  exoticPart([trapped]);
  expect(ran).toBe(0);
});

test('a cycle or a very deep value ends the look', () => {
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  expect(exoticPart(cycle)).toBeUndefined();
  let deep: unknown = 0;
  for (let level = 0; level < 10_000; level++) deep = [deep];
  expect(exoticPart(deep)).toBeUndefined();
});
