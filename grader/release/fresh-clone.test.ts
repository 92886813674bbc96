import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCourse } from '../course/load';
import { graderRoot } from '../paths';
import { runCli } from '../test/cli';
import { SKIP_VERIFY_FLAG } from './audience';
import { STUDENT_COMMANDS } from './audience';
import { cleanEnv } from './clean-env';

// The promise of a release, end to end: `grader release`, then what a student does with a fresh
// clone of it. One test, since the steps depend on each other (about 30 s; npm ci reuses the npm
// cache with --prefer-offline). verify is skipped here: release's refusal is tested in
// release.test.ts, and verify itself in npm test's course proof.
const course = loadCourse(graderRoot);
const exercise =
  course.exercises.find(
    (e) => e.id === 'ex03' && e.tests.some((t) => t.visibility === 'visible'),
  ) ?? course.exercises.find((e) => e.tests.some((t) => t.visibility === 'visible'))!;

function run(command: string, args: string[], cwd: string) {
  const env = cleanEnv();
  const options: SpawnSyncOptions = { cwd, env, encoding: 'utf8', timeout: 240_000 };
  const started = Date.now();
  const result = spawnSync(command, args, options);
  return {
    code: result.status,
    output: `${result.stdout}${result.stderr}`,
    seconds: (Date.now() - started) / 1000,
  };
}

test(`a fresh clone of a release installs, passes its own npm test, and \`npm run check ${exercise.id}\` fails on the starter with feedback`, () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-fresh-clone-'));
  try {
    const out = path.join(base, 'release');
    // What is committed: a release refuses uncommitted changes (a work tree being edited).
    const released = runCli(['release', '--out', out, '--committed', SKIP_VERIFY_FLAG]);
    expect(released.stderr).toContain('releasing WITHOUT verifying');
    expect(released.code).toBe(0);

    const git = (args: string[], cwd: string) =>
      expect(
        run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], cwd).code,
      ).toBe(0);
    git(['init', '-q', '-b', 'main'], out);
    git(['add', '-A'], out);
    git(['commit', '-q', '-m', 'Release'], out);
    const clone = path.join(base, 'clone');
    git(['clone', '-q', out, clone], base);
    expect(fs.existsSync(path.join(clone, 'solutions'))).toBe(false);

    const install = run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], clone);
    expect(install.code).toBe(0);

    const selfTest = run('npm', ['test'], clone);
    expect(selfTest.output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(selfTest.output).not.toMatch(/Tests:.*failed/);
    expect(selfTest.code).toBe(0);

    // The student's CLI: student commands only.
    const help = run('npm', ['run', 'grader', '--', '--help'], clone);
    expect(help.code).toBe(0);
    expect([...help.output.matchAll(/^ {2}grader (\S+)/gm)].map((m) => m[1])).toEqual([
      ...STUDENT_COMMANDS,
    ]);

    const check = run('npm', ['run', 'check', exercise.id], clone);
    expect(check.code).toBe(1);
    expect(check.output).toContain(`${exercise.id}  ${exercise.title}`);
    expect(check.output).toMatch(/^ {2}FAIL {2}/m);
    expect(check.output).toMatch(/Score: \d+(\.\d+)?\/\d+ points/);
    const hidden = exercise.tests.filter((t) => t.visibility !== 'visible').length;
    if (hidden > 0)
      expect(check.output).toMatch(/hidden tests? worth .* run when your work is graded/);

    // What the student's commands wrote is ignored by git: the clone is still clean.
    expect(run('git', ['status', '--porcelain'], clone).output).toBe('');
    console.log(
      `fresh clone: npm ci ${install.seconds} s, npm test ${selfTest.seconds} s, check ${check.seconds} s`,
    );
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}, 300_000);
