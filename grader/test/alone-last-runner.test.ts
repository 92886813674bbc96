import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import TestRunner from 'jest-runner';

type Test = { path: string };
type Options = { serial: boolean };
type Watcher = { isInterrupted(): boolean };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AloneLastRunner = require('./alone-last-runner') as {
  new (...args: never[]): {
    runTests(tests: Test[], watcher: Watcher, options: Options): Promise<void>;
  };
  runsAlone(file: string): boolean;
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alone-last-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};

const alone = file(
  'alone.test.ts',
  "/**\n * @runAlone grades a class\n */\nimport * as fs from 'fs';\n",
);
const aloneAfterHeader = file(
  'alone-2.test.ts',
  '/** @jest-environment node\n * @runAlone keeps both cores busy\n */\n',
);
const shared = file(
  'shared.test.ts',
  "import * as fs from 'fs';\n// @runAlone is not a pragma here\n",
);
const laterBlock = file(
  'later.test.ts',
  "import * as fs from 'fs';\n/**\n * @runAlone\tnot first\n */\n",
);
const noReason = file('no-reason.test.ts', '/**\n * @runAlone\n */\n');

test('a file runs alone only when its first comment block holds the pragma with a reason', () => {
  expect(
    [alone, aloneAfterHeader, shared, laterBlock, noReason].map((each) => [
      path.basename(each),
      AloneLastRunner.runsAlone(each),
    ]),
  ).toEqual([
    ['alone.test.ts', true],
    ['alone-2.test.ts', true],
    ['shared.test.ts', false],
    ['later.test.ts', false],
    ['no-reason.test.ts', false],
  ]);
});

describe('runTests', () => {
  const calls: { files: string[]; serial: boolean }[] = [];
  let interrupted = false;
  const watcher: Watcher = { isInterrupted: () => interrupted };
  beforeEach(() => {
    calls.length = 0;
    interrupted = false;
    jest
      .spyOn(TestRunner.prototype, 'runTests')
      .mockImplementation(async (tests: Test[], _watcher: unknown, options: Options) => {
        calls.push({
          files: tests.map((test) => path.basename(test.path)),
          serial: options.serial,
        });
      });
  });
  afterEach(() => jest.restoreAllMocks());
  const runner = () => new AloneLastRunner();
  const tests = [alone, shared, aloneAfterHeader, laterBlock].map((each) => ({ path: each }));

  test('shares the cores among the other files first, then runs the marked ones one at a time', async () => {
    await runner().runTests(tests, watcher, { serial: false });
    expect(calls).toEqual([
      { files: ['shared.test.ts', 'later.test.ts'], serial: false },
      { files: ['alone.test.ts', 'alone-2.test.ts'], serial: true },
    ]);
  });

  test('an interrupted run (a bail) does not go on to the marked files', async () => {
    interrupted = true;
    await runner().runTests(tests, watcher, { serial: false });
    expect(calls).toEqual([{ files: ['shared.test.ts', 'later.test.ts'], serial: false }]);
  });

  test('in band (--runInBand, one file) every file runs as given, in one call', async () => {
    await runner().runTests(tests, watcher, { serial: true });
    expect(calls).toEqual([
      {
        files: ['alone.test.ts', 'shared.test.ts', 'alone-2.test.ts', 'later.test.ts'],
        serial: true,
      },
    ]);
  });
});
