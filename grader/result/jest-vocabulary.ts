// What jest itself writes in an honest failure, whatever the test: matcher hints such as
// `expect(received).toEqual(expected) // deep equality` and the labels of its reports. A hidden
// test may spell the same (a variable named `received`), so these are never secret fragments.

const MODIFIERS = ['', 'not.', 'resolves.', 'rejects.', 'resolves.not.', 'rejects.not.'];

const LABELS = [
  'deep equality',
  'Object.is equality',
  'Expected: Received:',
  'Received promise resolved instead of rejected',
  'Received promise rejected instead of resolved',
  'Received function did not throw',
  'Expected value Received value',
  'Expected substring Received string',
  'Expected pattern Received string',
  'Expected length Received length Received array Received string',
  'Expected constructor Received constructor',
  'Expected path Received path Received value',
  'Expected number of calls Received number of calls',
  'Expected precision Expected difference Received difference',
  'Thrown value Expected message Received message',
];

/** The matchers of the installed `expect` (jest's), or the usual ones if it cannot be loaded. */
function matcherNames(): string[] {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { expect } = require('expect') as { expect: (value: unknown) => object };
    return Object.keys(expect(0)).filter((name) => name.startsWith('to'));
  } catch {
    return ['toBe', 'toEqual', 'toStrictEqual', 'toMatchObject', 'toContain', 'toThrow'];
  }
}

/** One text per matcher hint jest prints, and its labels. */
export function jestVocabulary(): string[] {
  const hints = matcherNames().flatMap((name) =>
    MODIFIERS.flatMap((modifier) => [
      `expect(received).${modifier}${name}(expected)`,
      `expect(received).${modifier}${name}()`,
    ]),
  );
  return [...hints, ...LABELS];
}
