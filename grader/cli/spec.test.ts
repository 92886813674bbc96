import type { Argv } from 'yargs';
import { camelCase, declare, declaredValues, defineCommand, positionalsOf } from './spec';

// The pure part of the CLI's command specs. yargs itself is ESM only, which jest cannot load: the
// CLI's parsing is proven by running it (grader/test/cli.test.ts).

const sample = defineCommand({
  command: 'grade <submissions> [extra..]',
  describe: 'a sample',
  options: {
    submissions: { type: 'string', demandOption: true },
    extra: { type: 'string', array: true },
    'spare-jobs': { type: 'number' },
    force: { type: 'boolean' },
  },
  run: () => 0,
});

test('positionals are read from the command string, variadic ones too', () => {
  expect(positionalsOf('grade <submissions> [extra..]')).toEqual(['submissions', 'extra']);
  expect(positionalsOf('status')).toEqual([]);
});

test('options are camelCased as yargs names them', () => {
  expect(camelCase('skip-verify-i-know-this-is-unsafe')).toBe('skipVerifyIKnowThisIsUnsafe');
  expect(camelCase('out')).toBe('out');
});

test('positionals are declared as positionals, the rest as options', () => {
  const calls: string[] = [];
  const command = {
    positional: (name: string) => (calls.push(`positional ${name}`), command),
    option: (name: string) => (calls.push(`option ${name}`), command),
  };
  declare(command as unknown as Argv, sample);
  expect(calls).toEqual([
    'positional submissions',
    'positional extra',
    'option spare-jobs',
    'option force',
  ]);
});

test('run gets exactly the declared values, camelCased, and nothing of yargs own', () => {
  const parsed = {
    _: ['grade'],
    $0: 'grader',
    submissions: 'class',
    extra: ['a', 'b'],
    'spare-jobs': 2,
    spareJobs: 2,
    force: undefined,
  };
  expect(declaredValues(sample, parsed)).toEqual({
    submissions: 'class',
    extra: ['a', 'b'],
    spareJobs: 2,
  });
});
