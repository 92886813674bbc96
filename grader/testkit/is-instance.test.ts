import { isInstance } from './is-instance';

test('the prototype chain decides, as instanceof does for ordinary classes', () => {
  class Base extends Error {}
  class Derived extends Base {}
  expect(isInstance(new Derived(), Base)).toBe(true);
  expect(isInstance(new Derived(), Error)).toBe(true);
  expect(isInstance(new Base(), Derived)).toBe(false);
  expect(isInstance({}, Base)).toBe(false);
  expect(isInstance(undefined, Base)).toBe(false);
  expect(isInstance('text', String)).toBe(false);
});

test("a class's own Symbol.hasInstance and a Proxy are not asked", () => {
  let asked = 0;
  class Liar extends Error {
    static [Symbol.hasInstance](_value: unknown) {
      asked++;
      return true;
    }
  }
  expect({} instanceof Liar).toBe(true);
  asked = 0;
  expect(isInstance({}, Liar)).toBe(false);
  expect(isInstance(new Liar(), Liar)).toBe(true);
  const trapped = new Proxy(new Liar(), { getPrototypeOf: () => (asked++, Liar.prototype) });
  expect(isInstance(trapped, Liar)).toBe(false);
  expect(asked).toBe(0);
});
