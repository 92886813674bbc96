import { MATCHERS } from './jest-vocabulary';

test("the matchers written out are the installed expect's: a new one's hint is jest's text too", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { expect: installed } = require('expect') as { expect: (value: unknown) => object };
  const names = Object.keys(installed(0)).filter((name) => name.startsWith('to'));
  expect([...MATCHERS].sort()).toEqual(names.sort());
});
