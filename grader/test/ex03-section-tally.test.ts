import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { graderRoot } from '../paths';

// ex03's ten-workers test counts in counter[0], which the code under test may write: a
// check-then-set lock whose unlock() also raised the counter (found in workerData) to the number of
// sections so far passed it every time. The count worker's section tally is kept out of its reach.
const FIXTURE = path.join(__dirname, 'fixtures', 'ex03-tally');
const SOLUTION = path.join(graderRoot, 'solutions', 'ex03-race-and-lock');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ex03-tally-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A subject root holding the solution's counter.ts and the given mutex.ts. */
function subject(name: string, mutexFile: string): string {
  const folder = path.join(dir, name, 'ex03-race-and-lock');
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(path.join(SOLUTION, 'counter.ts'), path.join(folder, 'counter.ts'));
  fs.copyFileSync(mutexFile, path.join(folder, 'mutex.ts'));
  return path.dirname(folder);
}

function count(
  root: string,
  workers: number,
  times: number,
): { count: number; problem: string | null } {
  const output = execFileSync(
    process.execPath,
    [
      '-r',
      path.join(graderRoot, 'grader', 'runtime', 'register.js'),
      path.join(FIXTURE, 'run.ts'),
      `${workers}`,
      `${times}`,
    ],
    { env: { ...process.env, GRADER_SUBJECT_ROOT: root }, encoding: 'utf8' },
  );
  return JSON.parse(output) as { count: number; problem: string | null };
}

test('a lock that lets two workers in is caught though it writes the expected count itself', () => {
  const outcome = count(subject('cheat', path.join(FIXTURE, 'cheat-mutex.ts')), 4, 50_000);
  // The counter alone is fooled...
  expect(outcome.count).toBe(200_000);
  // ...the tally is not.
  expect(outcome.problem).toMatch(/began while another worker was still inside one/);
});

test('the reference lock passes the tally', () => {
  expect(count(subject('solution', path.join(SOLUTION, 'mutex.ts')), 4, 50_000)).toEqual({
    count: 200_000,
    problem: null,
  });
});
