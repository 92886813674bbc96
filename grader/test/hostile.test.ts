/**
 * @runAlone grades a class of hostile submissions, two jobs at a time, on both cores
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { jobFile } from '../batch/output/store';
import { loadCourse } from '../course/load';
import type { Course } from '../course/types';
import { courseSecrets, findLeaks, formatLeak, Secrets } from '../release/leaks';
import { LIMITS } from '../run/limits';
import type { GradescopeResults } from '../report/gradescope';
import type { GradebookRow, JobRecord } from '../result/gradebook';
import type { ExerciseResult, ResultDocument } from '../result/types';
import {
  exerciseById,
  HonestStudent,
  HostileCase,
  materializeCase,
  readCorpus,
  writeHonest,
} from './hostile-corpus';
import {
  copyProject,
  digestTree,
  GradeRun,
  jobSeconds,
  killAll,
  LiveProcess,
  runProcesses,
  scratchFolders,
  startGrade,
  treeChanges,
  until,
} from './hostile-harness';
import { hasSandbox, sandboxDescribe, sandboxMode, sandboxTest } from './system-packages';

// Issue 10, part 4: the hostile corpus (fixtures/hostile/, one student per case) is graded in ONE
// batch beside honest students, by the real `grade`, from a throwaway copy of the project so that
// whatever escapes damages the copy and is seen there. (A grade interrupted, then rerun, is
// hostile-interrupted.test.ts.) Set HOSTILE_KEEP=1 to keep the temporary folders (their paths are
// printed).

const EXERCISES = ['ex02', 'ex05', 'ex06'];
/** The type-checker's own time limit, and jest's per-file load limit (run-exercise.ts). */
const TYPECHECK_BUDGET_MS = LIMITS.typecheckMs;
const LOAD_LIMIT_MS = 20_000;
/** What the watchdog grants beyond a test's limit before it kills (jest-attempt.ts). */
const KILL_GRACE_MS = 3_000;
/** Per test: the stored message is capped at 64 KiB, plus a note that it was cut. */
const MESSAGE_CAP = 64 * 1024 + 1024;

type Result = ExerciseResult & { tampering?: string[] };

const tmp = scratchFolders();
const read = <T>(file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
const readRecord = (out: string, student: string, exercise: string): JobRecord | undefined => {
  try {
    return read<JobRecord>(jobFile(out, student, exercise));
  } catch {
    return undefined;
  }
};
const sandbox = sandboxMode();
const mark = () => `hostile-${process.pid}-${Math.random().toString(36).slice(2)}`;

// Without the sandbox student code can do whatever this user can (delete the course, outlive its
// job), so the batch proves the sandbox as a whole, and runs where bubblewrap does (always in CI).
sandboxDescribe('a hostile class graded in one batch beside honest students', () => {
  const cases = readCorpus();
  const honest: HonestStudent[] = [
    // Graded first: a later case that rewrites finished records must not change its grade.
    { id: 'aa-honest-ex06', exercise: 'ex06', from: 'solution' },
    // Graded last: nothing an earlier case poisoned may change their grades.
    { id: 'zz-honest-ex02', exercise: 'ex02', from: 'solution' },
    { id: 'zz-honest-ex05', exercise: 'ex05', from: 'solution' },
    { id: 'zz-honest-ex06', exercise: 'ex06', from: 'solution' },
    { id: 'zz-starter-ex06', exercise: 'ex06', from: 'starter' },
  ];
  /** What the starter earns, graded by itself; a poisoned grader would give more. */
  const STARTER_EX06 = 2;

  let project: string;
  let course: Course;
  let secrets: Secrets;
  let out: string;
  let home: string;
  let tmpdir: string;
  let run: GradeRun;
  let code: number | string;
  let wallMs: number;
  let batchMark: string;
  const before: Record<string, Map<string, string>> = {};
  const after: Record<string, Map<string, string>> = {};
  let preexisting: Set<number>;
  let survivors: LiveProcess[];
  const connections: string[] = [];
  let server: net.Server;

  const courseFiles = (relative: string) => /^(node_modules|\.git|\.grader)(\/|$)/.test(relative);
  const homeFiles = () => false;

  beforeAll(async () => {
    project = tmp('hostile-project-');
    copyProject(project);
    course = loadCourse(project);
    secrets = courseSecrets(course);
    for (const id of EXERCISES) exerciseById(course, id);

    server = net.createServer((socket) => {
      connections.push(`connection from ${socket.remoteAddress}:${socket.remotePort}`);
      socket.on('data', (data) => connections.push(data.toString().slice(0, 200)));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;

    const submissions = tmp('hostile-class-');
    for (const item of cases)
      materializeCase(item, path.join(submissions, item.id), { course, port });
    for (const student of honest) writeHonest(course, student, path.join(submissions, student.id));

    out = tmp('hostile-out-');
    home = tmp('hostile-home-');
    fs.writeFileSync(path.join(home, '.profile'), '# the grading user\n');
    tmpdir = tmp('hostile-tmpdir-');
    batchMark = mark();
    preexisting = new Set(runProcesses(batchMark).map((p) => p.pid));
    before.course = digestTree(project, courseFiles);
    before.nodeModules = digestTree(path.join(project, 'node_modules'));
    before.home = digestTree(home, homeFiles);

    run = startGrade({
      project,
      options: {
        submissions,
        out,
        exercises: EXERCISES.join(','),
        jobs: 2,
        // Many cases wait (a stopped process, a wait that never ends) until their limit: an
        // instructor's option lets the next jobs start beside them, so the cores do not idle, and
        // the batch proves that a stuck hostile job beside others spoils none of their grades.
        spareJobs: 2,
        format: 'gradescope',
        progress: 'lines',
        ...(sandbox ? { sandbox } : {}),
      },
      env: {
        ...process.env,
        HOME: home,
        TMPDIR: tmpdir,
        HOSTILE_TEST_BATCH: batchMark,
        NO_COLOR: '1',
      },
    });
    code = await run.exited;
    wallMs = Date.now() - run.startedAt;
    // Runners may take a moment to exit after the grader returns; nothing may stay longer.
    await until(
      () => runProcesses(batchMark).filter((p) => !preexisting.has(p.pid)).length === 0,
      10_000,
    );
    survivors = runProcesses(batchMark).filter((p) => !preexisting.has(p.pid));
    killAll(survivors);
    after.course = digestTree(project, courseFiles);
    after.nodeModules = digestTree(path.join(project, 'node_modules'));
    after.home = digestTree(home, homeFiles);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }, 900_000);

  afterAll(() => {
    server?.close();
  });

  const record = (student: string, exercise: string) => readRecord(out, student, exercise);
  const gradebookRows = (): Map<string, GradebookRow> => {
    const file = path.join(out, 'gradebook.json');
    if (!fs.existsSync(file)) return new Map();
    const rows = read<{ students: GradebookRow[] }>(file).students;
    return new Map(rows.map((row) => [row.id, row]));
  };

  test('grade writes a gradebook and exits 0: every job got a verdict', () => {
    const summary = `exit ${code} after ${Math.round(wallMs / 1000)} s (sandbox: ${sandbox ?? 'default'})\n${run.output().slice(-6000)}`;
    expect({ code, gradebook: fs.existsSync(path.join(out, 'gradebook.json')) }).toEqual({
      code: 0,
      gradebook: true,
    });
    expect(summary).toMatch(/Wrote .*gradebook\.csv/);
  });

  test('every job ends within its limit', () => {
    const seconds = jobSeconds(run.output());
    const problems: string[] = [];
    for (const student of [...cases.map((item) => item.id), ...honest.map((each) => each.id)]) {
      for (const id of EXERCISES) {
        const exercise = exerciseById(course, id);
        const files = new Set(exercise.tests.map((test) => test.file)).size;
        const limitMs =
          TYPECHECK_BUDGET_MS +
          LOAD_LIMIT_MS * (files + 1) +
          exercise.tests.reduce((sum, test) => sum + test.timeoutMs + KILL_GRACE_MS, 0);
        const took = seconds.get(`${student} ${id}`);
        if (took === undefined) problems.push(`${student} ${id}: never reported`);
        else if (took * 1000 > limitMs)
          problems.push(`${student} ${id}: ${took} s, over its ${limitMs / 1000} s limit`);
      }
    }
    expect(problems).toEqual([]);
  });

  /** The cases a check relies on were graded: a check must not pass for want of evidence. */
  const graded = (...ids: string[]) =>
    ids.filter((id) => !cases.some((item) => item.id === id && record(id, item.exercise)));

  test('no process of the batch is alive afterwards (detached, setsid, stopped, forked)', () => {
    expect(graded('fork-bomb', 'setsid-grandchildren', 'ex05-orphan-grandchildren')).toEqual([]);
    expect(survivors.map((p) => `${p.pid} ${p.cmdline.slice(0, 160)}`)).toEqual([]);
  });

  test('nothing outside the job workspaces changed: course, node_modules, $HOME, --out, TMPDIR', () => {
    expect(treeChanges(before.course, after.course)).toEqual([]);
    expect(treeChanges(before.nodeModules, after.nodeModules)).toEqual([]);
    expect(treeChanges(before.home, after.home)).toEqual([]);
    // --out holds only what the grader writes.
    const grader =
      /^(run\.json|report\.html|gradebook\.(json|csv)|jobs\/[^/]+\/[^/]+\.json|students\/[^/]+\/(result\.json|feedback\.md|results\.json))$/;
    const strangers = [...digestTree(out).keys()].filter((file) => !grader.test(file));
    expect(strangers).toEqual([]);
    // What student code wrote to the temporary folder does not outlive its job.
    const leftovers = fs.readdirSync(tmpdir).filter((name) => name.startsWith('hostile-'));
    expect(leftovers).toEqual([]);
  });

  test('student code never reaches a port opened on 127.0.0.1', () => {
    expect(graded('loopback-connect')).toEqual([]);
    expect(connections).toEqual([]);
  });

  test('no case scores more than its honest part, and each meets its expected verdict', () => {
    const problems: string[] = [];
    for (const item of cases) {
      const job = record(item.id, item.exercise);
      if (!job) {
        problems.push(`${item.id}: no job record`);
        continue;
      }
      problems.push(...verdictProblems(item, job.result as Result));
    }
    // An attack on one exercise earns nothing on the others it did not submit.
    for (const item of cases)
      for (const id of EXERCISES.filter((each) => each !== item.exercise)) {
        const score = record(item.id, id)?.result.score;
        if (score !== 0) problems.push(`${item.id} ${id}: scored ${score} without submitting it`);
      }
    expect(problems).toEqual([]);
  });

  test('honest students get full marks, whatever was graded before them', () => {
    const problems: string[] = [];
    for (const student of honest) {
      const result = record(student.id, student.exercise)?.result as Result | undefined;
      if (!result) {
        problems.push(`${student.id}: no job record`);
        continue;
      }
      const tampering = result.tampering ?? [];
      if (student.from === 'solution' && result.score !== result.max_score)
        problems.push(
          `${student.id}: ${result.score}/${result.max_score} ${result.status}: ${failures(result)}`,
        );
      if (student.from === 'starter' && result.score > STARTER_EX06)
        problems.push(`${student.id}: the starter scored ${result.score} > ${STARTER_EX06}`);
      if (tampering.length > 0) problems.push(`${student.id}: flagged: ${tampering.join('; ')}`);
    }
    expect(problems).toEqual([]);
  });

  test('the gradebook holds exactly the verdicts the grader reported for each job', () => {
    // A record rewritten after its job ended (a later job reaching --out) shows up here.
    const reported = new Map<string, string>();
    for (const match of run.output().matchAll(/^\[\s*\d+\/\d+\] (\S+) (\S+) ([\d.]+)\/[\d.]+ /gm))
      reported.set(`${match[1]} ${match[2]}`, match[3]);
    const rows = gradebookRows();
    const problems: string[] = [];
    for (const [job, score] of reported) {
      const [student, exercise] = job.split(' ');
      const inBook = rows.get(student)?.exercises[exercise]?.score;
      if (String(inBook) !== score) problems.push(`${job}: reported ${score}, gradebook ${inBook}`);
    }
    expect(rows.size).toBe(cases.length + honest.length);
    expect(problems).toEqual([]);
  });

  test('no hidden test title, hidden test or solution text in anything a student sees', () => {
    const view = tmp('hostile-visible-');
    const students = fs.existsSync(path.join(out, 'students'))
      ? fs.readdirSync(path.join(out, 'students'))
      : [];
    for (const student of students) {
      const dir = path.join(out, 'students', student);
      const target = path.join(view, student);
      fs.mkdirSync(target, { recursive: true });
      const feedback = path.join(dir, 'feedback.md');
      if (fs.existsSync(feedback)) fs.copyFileSync(feedback, path.join(target, 'feedback.md'));
      const gradescope = path.join(dir, 'results.json');
      if (fs.existsSync(gradescope))
        fs.writeFileSync(
          path.join(target, 'gradescope-visible.txt'),
          gradescopeVisible(gradescope),
        );
      const result = path.join(dir, 'result.json');
      if (fs.existsSync(result))
        fs.writeFileSync(path.join(target, 'result-visible.txt'), resultVisible(result));
    }
    expect(students.length).toBeGreaterThan(0);
    expect(findLeaks(view, secrets).map(formatLeak)).toEqual([]);
  });
});

/** What a case's job record breaks of its case.json and of the verdict contract. */
function verdictProblems(item: HostileCase, result: Result): string[] {
  const problems: string[] = [];
  const tampering = result.tampering ?? [];
  const where = `${item.id} (${item.about})`;
  if (result.score > item.honestMaxScore)
    problems.push(`${where}: scored ${result.score} > honest ${item.honestMaxScore}`);
  if (tampering.length > 0 && (result.status !== 'error' || result.score !== 0))
    problems.push(`${where}: tampering found but ${result.status} ${result.score}`);
  if (item.expect.tampering === true && tampering.length === 0)
    problems.push(`${where}: tampering not detected`);
  if (item.expect.tampering === false && tampering.length > 0)
    problems.push(`${where}: wrongly flagged as tampering: ${tampering.join('; ')}`);
  if (item.expect.status && result.status !== item.expect.status)
    problems.push(`${where}: status ${result.status}, expected ${item.expect.status}`);
  const messages = [result.message ?? '', ...result.tests.map((test) => test.message ?? '')];
  if (
    item.expect.message &&
    !messages.some((text) => new RegExp(item.expect.message!, 'i').test(text))
  )
    problems.push(
      `${where}: no message matches /${item.expect.message}/: ${JSON.stringify(messages.filter(Boolean).map((text) => text.slice(0, 160)))}`,
    );
  const long = result.tests.filter((test) => (test.message ?? '').length > MESSAGE_CAP);
  if (long.length > 0)
    problems.push(
      `${where}: ${long.length} messages over 64 KiB (${long[0].message!.length} chars)`,
    );
  if ((result.output ?? '').length > MESSAGE_CAP)
    problems.push(`${where}: output of ${result.output!.length} chars`);
  return problems;
}

function failures(result: ExerciseResult): string {
  const failed = result.tests.filter((test) => test.status !== 'pass');
  return (
    (result.message ? `${result.message.slice(0, 200)}; ` : '') +
    failed.map((test) => `${test.name}: ${(test.message ?? test.status).slice(0, 600)}`).join('; ')
  );
}

/** Gradescope's student view: the top output and every test that is not hidden. */
function gradescopeVisible(file: string): string {
  const results = read<GradescopeResults>(file);
  return [
    results.output,
    ...results.tests
      .filter((test) => test.visibility !== 'hidden')
      .map((test) => `${test.name}\n${test.output}`),
  ].join('\n');
}

/** The parts of result.json a student may see: messages, output, non-hidden tests. */
function resultVisible(file: string): string {
  const document = read<ResultDocument>(file);
  return document.exercises
    .flatMap((exercise) => [
      exercise.message ?? '',
      exercise.output ?? '',
      ...exercise.compile.diagnostics.map((d) => d.message),
      ...exercise.tests
        .filter((test) => test.visibility !== 'hidden')
        .flatMap((test) => [test.name, test.message ?? '', test.hint ?? '']),
    ])
    .join('\n');
}
