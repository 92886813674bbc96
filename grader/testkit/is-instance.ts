// `value instanceof Class` asks `Class[Symbol.hasInstance]` first, and a class of graded code's
// (`PollTimeoutError`, `TaskError`) may define one that answers true for anything. Tests ask this
// instead: the ordinary prototype walk, with the prototype `Class` holds as data, running none of
// the value's or the class's code. See docs/authoring.md.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isProxy } = (require('util') as typeof import('util')).types;
const describe = Reflect.getOwnPropertyDescriptor;
const prototypeOf = Reflect.getPrototypeOf;

/** Whether `Class.prototype` is on `value`'s prototype chain; a Proxy on the way answers false. */
export function isInstance<T>(
  value: unknown,
  Class: abstract new (...args: never[]) => T,
): value is T {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  if (isProxy(Class)) return false;
  const property = describe(Class, 'prototype');
  if (!property || !('value' in property)) return false;
  const wanted: unknown = property.value;
  for (let link: object | null = value as object; ;) {
    if (isProxy(link)) return false;
    link = prototypeOf(link);
    if (link === null) return false;
    if (link === wanted) return true;
  }
}
