import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { solutionDir } from '../course/layout';
import { loadCourse } from '../course/load';
import type { Exercise } from '../course/types';
import { graderRoot } from '../paths';
import type { ExerciseResult, ResultDocument } from '../result/types';
import { buildRelease } from './build';
import { hiddenTitles } from '../course/scan-tests';
import { autoSandboxWarning } from '../test/system-packages';
import { parseJunitXml } from '../test/junit-xml';

// `grader ci` as GitHub runs it: in a student copy (a release, node_modules linked), with
// GITHUB_STEP_SUMMARY pointed at a file and the instructor's hidden tests supplied.
const course = loadCourse(graderRoot);
const visible = (exercise: Exercise) => exercise.tests.some((t) => t.visibility === 'visible');
const hidden = (exercise: Exercise) => exercise.tests.some((t) => t.visibility !== 'visible');
// ex07 when it can show everything: two student files (annotations must name the right one),
// visible and hidden tests, and most of its tests run once, where ex03's races run three times
// and cost CI three times as long for the same proof; otherwise the first exercise that can.
const exercise =
  course.exercises.find((e) => e.id === 'ex07' && e.files.length > 1 && visible(e) && hidden(e)) ??
  course.exercises.find((e) => visible(e) && hidden(e)) ??
  course.exercises[0];
const secretTitles = hiddenTitles(exercise);
const LIMIT = 180_000;
/** Hidden tests run sandboxed (auto): where bubblewrap is missing, ci warns once and goes on. */
const hiddenRunWarning = autoSandboxWarning();

// One copy for every test (the same paths keep the compile caches warm); each test puts in the
// student files it needs.
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-ci-'));
const root = path.join(base, 'student');
buildRelease(course, root);
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));
fs.symlinkSync(path.join(graderRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
const studentPath = (file: string) => path.join(root, 'exercises', exercise.folder, file);

function putStudentFiles(from: string): void {
  for (const file of exercise.files) fs.copyFileSync(path.join(from, file), studentPath(file));
}

/** Runs the copy's own CLI with a clean GitHub-like environment; returns what CI would see. */
function runCi(args: string[]) {
  const summary = path.join(base, 'step-summary.md');
  const junit = path.join(base, 'junit.xml');
  fs.rmSync(junit, { force: true });
  fs.writeFileSync(summary, '# Earlier step\n\n');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: summary };
  for (const name of ['GITHUB_WORKSPACE', 'GRADER_HIDDEN_TESTS', 'NODE_OPTIONS']) delete env[name];
  const result = spawnSync(
    process.execPath,
    ['-r', './grader/runtime/register.js', 'grader/cli.ts', 'ci', ...args, '--junit', junit],
    { cwd: root, env, encoding: 'utf8', timeout: LIMIT },
  );
  const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::'));
  const xml = fs.existsSync(junit) ? fs.readFileSync(junit, 'utf8') : '';
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    annotations,
    summary: fs.readFileSync(summary, 'utf8'),
    xml,
  };
}

function parseJunit(xml: string) {
  return parseJunitXml<{
    testsuites: {
      testsuite: {
        name: string;
        tests: string;
        failures: string;
        errors: string;
        testcase: { name: string; file?: string; failure?: unknown; error?: unknown }[];
      }[];
    };
  }>(xml);
}

function expectNoHiddenTitle(text: string) {
  for (const title of secretTitles) expect(text).not.toContain(title);
}

test(
  'a first pull request: exercises still their starters are reported not started, and do not fail the run',
  async () => {
    const untouched = runCi([]);
    expect(untouched.stderr).toBe('');
    expect(untouched.code).toBe(0);
    const every = course.exercises.map((each) => each.id).join(', ');
    expect(untouched.stdout).toContain(`Not started: ${every} (their files are still the starters`);
    expect(untouched.stdout).not.toContain('Checking ');
    expect(untouched.annotations).toEqual([
      expect.stringMatching(new RegExp(`^::notice title=Not started::Not started: ${every} `)),
    ]);
    expect(untouched.summary).toContain(`Not started: ${every}`);

    // Begun (here: solved): checked and reported; the others are still not started.
    putStudentFiles(solutionDir(course, exercise));
    const begun = runCi([]);
    expect(begun.stdout.match(/^Checking ex\d+/gm)).toEqual([`Checking ${exercise.id}`]);
    const rest = course.exercises.filter((each) => each !== exercise).map((each) => each.id);
    expect(begun.stdout).toContain(`Not started: ${rest.join(', ')} `);
    expect(begun.code).toBe(0);
    // Begun and broken: the run fails for it, and only for it.
    fs.appendFileSync(studentPath(exercise.files[0]), '\nexport const broken: number = "no";\n');
    const broken = runCi([]);
    expect(broken.code).toBe(1);
    expect(broken.annotations.filter((line) => line.startsWith('::error'))).toHaveLength(1);
    putStudentFiles(exercise.dir);
  },
  LIMIT,
);

test(
  'on every starter: at most 10 ::error lines, one per failing exercise, and one notice naming the rest',
  async () => {
    const json = path.join(base, 'all-starters.json');
    // Named, every exercise is checked, started or not.
    const run = runCi([...course.exercises.map((each) => each.id), '--json', json]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const document = JSON.parse(fs.readFileSync(json, 'utf8')) as ResultDocument;
    const failuresOf = (e: ExerciseResult) =>
      e.compile.ok
        ? e.tests.filter((t) => t.status === 'fail' || t.status === 'timeout').length
        : e.compile.diagnostics.length;
    const failing = document.exercises.filter((e) => failuresOf(e) > 0);
    const total = failing.reduce((sum, e) => sum + failuresOf(e), 0);

    const errors = run.annotations.filter((line) => line.startsWith('::error'));
    expect(errors.length).toBeLessThanOrEqual(10);
    // In exercise order, one for each failing exercise (up to ten).
    const annotated = failing.slice(0, 10);
    expect(errors.map((line) => /title=(ex\d+)/.exec(line)?.[1])).toEqual(
      annotated.map((e) => e.id),
    );
    const notices = run.annotations.filter((line) => line.startsWith('::notice'));
    expect(notices).toHaveLength(1);
    const [, more, named] = /::(\d+) more failures?: see the job summary \((.*)\)\.$/.exec(
      notices[0],
    )!;
    expect(Number(more)).toBe(total - errors.length);
    const rest = failing
      .map((e) => ({ id: e.id, count: failuresOf(e) - (annotated.includes(e) ? 1 : 0) }))
      .filter((e) => e.count > 0);
    expect(named).toBe(rest.map((e) => `${e.id}: ${e.count}`).join(', '));
    // The job summary keeps every failure.
    for (const e of failing) {
      for (const t of e.tests.filter((t) => t.status === 'fail' || t.status === 'timeout'))
        expect(run.summary).toContain(`<summary>${html(t.name)}: `);
      for (const d of e.compile.diagnostics)
        expect(run.summary).toContain(`${d.file}:${d.line}:${d.column} ${d.code}`);
    }
    console.log(
      `starters: ${total} failures, ${errors.length} ::error lines, notice: ${notices[0]}`,
    );
  },
  LIMIT,
);

const html = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const studentFiles = exercise.files.map((file) => `exercises/${exercise.folder}/${file}`);
const hiddenCount = exercise.tests.filter((t) => t.visibility !== 'visible').length;

test(
  `on the starter (${exercise.id}): exit 1, annotations on the student's file, summary and JUnit with failures, hidden tests unnamed`,
  async () => {
    putStudentFiles(exercise.dir);
    const run = runCi([exercise.id, '--hidden', graderRoot]);
    expect(run.stderr).toBe(hiddenRunWarning);
    expect(run.code).toBe(1);

    // One error, on the student's file, for the first failure; the others are counted.
    const errors = run.annotations.filter((line) => line.startsWith('::error'));
    expect(errors).toHaveLength(1);
    const file = /^::error file=([^,]+),line=(\d+)/.exec(errors[0]);
    expect(file).not.toBeNull();
    expect(studentFiles).toContain(file![1]);
    expect(errors[0]).toContain(`title=${exercise.id}%3A `);
    expect(run.annotations.slice(1)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::notice title=[^:]+::\\d+ more failures?: see the job summary \\(${exercise.id}: \\d+\\)\\.$`,
        ),
      ),
    ]);

    // Appended to what earlier steps wrote.
    expect(run.summary.startsWith('# Earlier step\n\n## Grading: ')).toBe(true);
    const row = run.summary
      .split('\n')
      .find((line) => line.startsWith(`| ${exercise.id} `))!
      .split(' | ');
    expect(row[1]).toMatch(new RegExp(`^\\d+(\\.\\d+)?/${exercise.points}$`));
    expect(row[3]).toBe('❌ fail |');
    expect(run.summary).toContain('<details open>');

    const suite = parseJunit(run.xml).testsuites.testsuite[0];
    expect(suite.name).toBe(`${exercise.id} ${exercise.title}`);
    expect(Number(suite.failures) + Number(suite.errors)).toBeGreaterThan(0);
    const names = suite.testcase.map((testcase) => testcase.name);
    expect(names.filter((name) => /^hidden test \d+$/.test(name))).toHaveLength(hiddenCount);

    for (const text of [run.stdout, run.summary, run.xml]) expectNoHiddenTitle(text);
    // The hidden tests were there for this run only.
    expect(fs.existsSync(path.join(root, 'exercises', exercise.folder, 'hidden'))).toBe(false);
  },
  LIMIT,
);

test(
  `on the solution (${exercise.id}), hidden tests included: exit 0 and a full-score summary`,
  async () => {
    putStudentFiles(solutionDir(course, exercise));
    const run = runCi([exercise.id, '--hidden', graderRoot]);
    expect(run.stderr).toBe(hiddenRunWarning);
    expect(run.code).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.summary).toContain(`## Grading: ${exercise.points}/${exercise.points} points`);
    expect(run.summary).toContain(
      `| ${exercise.id} ${exercise.title} | ${exercise.points}/${exercise.points} | ${exercise.tests.length}/${exercise.tests.length} | ✅ pass |`,
    );
    const suite = parseJunit(run.xml).testsuites.testsuite[0];
    expect([suite.tests, suite.failures, suite.errors]).toEqual([
      String(exercise.tests.length),
      '0',
      '0',
    ]);
    expectNoHiddenTitle(run.stdout + run.summary + run.xml);
  },
  LIMIT,
);

test(
  'code that does not compile: an annotation on the line of the type error; --no-fail exits 0',
  async () => {
    putStudentFiles(exercise.dir);
    const file = studentPath(exercise.files[0]);
    fs.appendFileSync(file, '\nexport const broken: number = "not a number";\n');
    const line = fs.readFileSync(file, 'utf8').split('\n').length - 1;
    const run = runCi([exercise.id, '--no-fail']);
    expect(run.code).toBe(0);
    expect(run.annotations).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^::error file=${studentFiles[0]},line=${line},col=\\d+,title=${exercise.id} does not compile \\(TS2322\\)::Type 'string' is not assignable to type 'number'\\.$`,
        ),
      ),
    );
    expect(run.stdout).toContain('--no-fail: exiting 0, feedback only.');
    const suite = parseJunit(run.xml).testsuites.testsuite[0];
    expect(suite.testcase[0]).toMatchObject({ name: 'the code compiles', file: studentFiles[0] });
  },
  LIMIT,
);
