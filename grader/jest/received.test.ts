import { guardedExpect } from './received';

// The guarded expect of graded runs, built on this file's own jest expect.
const checked = guardedExpect(expect);

test('matchers judge a copy: a value that answers for itself cannot pass', () => {
  const matcher = { asymmetricMatch: () => true };
  expect(() => checked(matcher).toEqual([1, 2, 3])).toThrow(/asymmetricMatch/);
  expect(() => checked({ result: matcher }).toMatchObject({ result: 42 })).toThrow(
    /asymmetricMatch/,
  );
  const lying = new Proxy({}, { get: () => 42 });
  expect(() => checked(lying).toEqual({ answer: 42 })).toThrow(/Proxy/);
  const iterable = { [Symbol.iterator]: function* () {} };
  expect(() => checked(iterable).toEqual(new Set())).toThrow();
});

test('honest values pass as before, errors by class and message', () => {
  checked({ a: [1, 2], b: new Map([['k', 1]]) }).toEqual({ a: [1, 2], b: new Map([['k', 1]]) });
  checked({ settled: true, reason: new Error('x') }).toMatchObject({ reason: new Error('x') });
  checked(3).not.toBe(4);
  checked([1, 2]).toHaveLength(2);
});

test('toBe compares the value itself', () => {
  const mine = new Error('mine');
  checked(mine).toBe(mine);
  checked({ mine }).not.toBe({ mine });
});

test('toBeInstanceOf asks the prototype walk, not the class', () => {
  class Liar {
    static [Symbol.hasInstance]() {
      return true;
    }
  }
  expect(() => checked({}).toBeInstanceOf(Liar)).toThrow(/toBeInstanceOf/);
  class Honest extends Error {}
  checked(new Honest()).toBeInstanceOf(Honest);
  checked(new Honest()).toBeInstanceOf(Error);
  checked({}).not.toBeInstanceOf(Honest);
});

test('a promise settles into a copy; a thrown value is copied', async () => {
  await checked(Promise.resolve({ a: 1 })).resolves.toEqual({ a: 1 });
  await expect(
    checked(Promise.resolve({ asymmetricMatch: () => true })).resolves.toEqual(1),
  ).rejects.toThrow(/asymmetricMatch/);
  await checked(Promise.reject(new Error('no'))).rejects.toThrow('no');
  const thrower = () => {
    throw Object.assign(new Error('boom'), { asymmetricMatch: () => true });
  };
  expect(() => checked(thrower).toThrow('anything')).toThrow();
  checked(() => {
    throw new RangeError('out');
  }).toThrow(RangeError);
  // The function itself for identity.
  checked(thrower).toBe(thrower);
});
