import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadCourse } from '../course/load';
import { graderRoot } from '../paths';
import { runCli } from '../test/cli';
import { STUDENT_COMMANDS } from './audience';
import { buildRelease } from './build';
import { temporaryFolder } from '../test/scratch';
import { miniCourse } from './__fixtures__/mini-course';
import { cleanEnv } from './clean-env';

// What a student can run in their copy: the CLI's commands and the package.json scripts, run for
// real in a release of the mini course (node_modules linked, so no install: a few seconds).
const copy = path.join(temporaryFolder('grader-surface-'), 'student');
buildRelease(loadCourse(miniCourse()), copy);
fs.symlinkSync(path.join(graderRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');

function run(command: string, args: string[]) {
  const env = cleanEnv();
  // The course's transpile cache, keyed by content: the copy's grader is the same code, and
  // compiling it again would only make this test slower.
  env.GRADER_TS_CACHE = path.join(graderRoot, '.grader', 'ts-cache');
  const result = spawnSync(command, args, { cwd: copy, env, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

const cli = (args: string[]) =>
  run(process.execPath, ['-r', './grader/runtime/register.js', 'grader/cli.ts', ...args]);

/** The command names in the "Commands:" section of yargs' help. */
function commandsIn(help: string): string[] {
  return [...help.matchAll(/^ {2}grader (\S+)/gm)].map((match) => match[1]);
}

test("the student copy's grader --help lists check, watch, hint, status and ci, nothing else", () => {
  const help = cli(['--help']);
  expect(help.code).toBe(0);
  expect(commandsIn(help.output)).toEqual([...STUDENT_COMMANDS]);
  expect(commandsIn(help.output)).toEqual(['check', 'watch', 'hint', 'status', 'ci']);
  expect(help.output).not.toMatch(/\b(verify|release|grade|demo|validate|merge)\b/);
  // The instructor's repository still offers everything.
  const instructor = runCli(['--help']);
  expect(commandsIn(instructor.stdout)).toEqual(
    expect.arrayContaining([...STUDENT_COMMANDS, 'validate', 'verify', 'release', 'grade', 'demo']),
  );
});

test('an instructor command is unknown in the student copy, not just unlisted', () => {
  for (const command of ['verify', 'demo']) {
    const result = cli([command]);
    expect(result.code).toBe(2);
    expect(result.output).toContain(`Unknown argument: ${command}`);
  }
});

// Every script the copy's package.json has, with what it is run with and the status it must exit
// with. A script added to the release must be added here: the test below compares the lists.
const EXPECTED: Record<string, { args: string[]; code: number; output: RegExp }> = {
  check: { args: ['ex90'], code: 1, output: /^ {2}FAIL {2}sums two numbers/m },
  status: { args: [], code: 0, output: /ex90 +A mini exercise/ },
  hint: { args: ['ex90'], code: 0, output: /Loop over every element/ },
  grader: { args: ['--help'], code: 0, output: /grader status/ },
  format: { args: [], code: 0, output: /exercises\/ex90-mini\/sum\.ts/ },
  test: { args: [], code: 0, output: /Tests:\s+\d+ passed, \d+ total/ },
};

test('the copy has exactly the student scripts', () => {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(copy, 'package.json'), 'utf8'));
  expect(Object.keys(scripts).sort()).toEqual(Object.keys(EXPECTED).sort());
});

test.each(Object.entries(EXPECTED))(
  'npm run %s runs and exits with its expected status',
  (script, expected) => {
    const result = run('npm', ['run', script, '--', ...expected.args]);
    expect(result.output).toMatch(expected.output);
    expect(result.code).toBe(expected.code);
  },
  120_000,
);
