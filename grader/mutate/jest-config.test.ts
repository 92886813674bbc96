import { spawnSync } from 'child_process';
import * as path from 'path';
import { graderRoot } from '../paths';

// Mutation runs load the reference solution through the grader's transform, with a jest config
// and setup of their own (jest.mutate.config.ts, setup.ts). When that setup lacked what the
// transform's wrapper calls, every test failed at the solution's first line and `npm run mutate`
// stopped at Stryker's first run, for every exercise, with nothing else noticing. One visible test
// file against the unmutated solution, as Stryker's first run loads it (about 3 s: one jest start).
test("the mutation runs' jest config passes the reference solution's visible tests", () => {
  const jestBin = require.resolve('jest/bin/jest', { paths: [graderRoot] });
  const testFile = path.join(graderRoot, 'exercises', 'ex01-generator-tasks', 'tests');
  const run = spawnSync(
    process.execPath,
    [
      jestBin,
      '--config',
      path.join(graderRoot, 'grader', 'mutate', 'jest.mutate.config.ts'),
      '--ci',
      '--runInBand',
      testFile,
    ],
    {
      cwd: graderRoot,
      encoding: 'utf8',
      env: { ...process.env, GRADER_MUTATE_EXERCISE: 'ex01-generator-tasks' },
      timeout: 60_000,
    },
  );
  expect({ status: run.status, output: run.stderr.match(/^Tests: .*$/m)?.[0] }).toEqual({
    status: 0,
    output: expect.stringMatching(/^Tests: +\d+ passed, \d+ total$/),
  });
});
