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

/**
 * jest's matchers (those of its `expect`, and jest-snapshot's). Written out: loading `expect` to list them costs 0.14 s
 * per grading process; jest-vocabulary.test.ts checks the list against the installed one.
 */
export const MATCHERS = [
  'toBe',
  'toBeCloseTo',
  'toBeDefined',
  'toBeFalsy',
  'toBeGreaterThan',
  'toBeGreaterThanOrEqual',
  'toBeInstanceOf',
  'toBeLessThan',
  'toBeLessThanOrEqual',
  'toBeNaN',
  'toBeNull',
  'toBeTruthy',
  'toBeUndefined',
  'toContain',
  'toContainEqual',
  'toEqual',
  'toHaveLength',
  'toHaveProperty',
  'toMatch',
  'toMatchObject',
  'toStrictEqual',
  'toHaveBeenCalled',
  'toHaveBeenCalledTimes',
  'toHaveBeenCalledWith',
  'toHaveBeenLastCalledWith',
  'toHaveBeenNthCalledWith',
  'toHaveLastReturnedWith',
  'toHaveNthReturnedWith',
  'toHaveReturned',
  'toHaveReturnedTimes',
  'toHaveReturnedWith',
  'toThrow',
  // jest-snapshot's, registered beside them in a test run.
  'toMatchSnapshot',
  'toMatchInlineSnapshot',
  'toThrowErrorMatchingSnapshot',
  'toThrowErrorMatchingInlineSnapshot',
];

/** One text per matcher hint jest prints, and its labels. */
export function jestVocabulary(): string[] {
  const hints = MATCHERS.flatMap((name) =>
    MODIFIERS.flatMap((modifier) => [
      `expect(received).${modifier}${name}(expected)`,
      `expect(received).${modifier}${name}()`,
    ]),
  );
  return [...hints, ...LABELS];
}
