import * as path from 'path';
import { because } from '@course/testkit';
import { recordChildren } from '@course/testkit/children';
import { runInProcesses } from '@subject/ex05-processes/processes';
import { SUBJECT_FILE, runProgram } from './run-program';

const TASKS = path.join(__dirname, 'tasks.ts');

test('squares of 1, 2 and 3 come back from child processes in input order', async () => {
  const squares = await runInProcesses<number, number>(
    { module: TASKS, name: 'square' },
    [1, 2, 3],
  );
  because('each child sends its result back by message; results[i] belongs to inputs[i]', () =>
    expect(squares).toEqual([1, 4, 9]),
  );
});

test('importing processes.ts starts no child process', async () => {
  const recording = recordChildren();
  try {
    jest.isolateModules(() => {
      require('@subject/ex05-processes/processes');
    });
    // Give code that starts processes after an await the chance to do so.
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    recording.stop();
  }
  because(
    'importing a module must only define things: start processes only when the file is run as a program (the main guard) or as a child',
    () => expect(recording.children.map((child) => child.spawnargs.join(' '))).toEqual([]),
  );
});

test('running processes.ts as a program prints the squares of 1 to 5', async () => {
  const run = await runProgram(SUBJECT_FILE);
  because(`node processes.ts must run main() and exit with code 0\n${run.stderr}`, () =>
    expect(run.code).toBe(0),
  );
  because('main() prints the squares it got back from the child processes', () =>
    expect(run.stdout).toContain('1, 4, 9, 16, 25'),
  );
});
