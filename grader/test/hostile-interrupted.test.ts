import * as fs from 'fs';
import * as path from 'path';
import { loadCourse } from '../course/load';
import { writeHonest } from './hostile-corpus';
import { copyProject, runProcesses, scratchFolders, startGrade, until } from './hostile-harness';
import { hasSandbox, sandboxMode, sandboxTest } from './system-packages';

// Issue 10, part 4, continued (hostile.test.ts grades the hostile class): a small class is graded
// through a SIGKILL of the grader, a full output disk and a full TMPDIR, and each rerun must give
// the uninterrupted run's gradebook. Not a file that runs alone: its gradings are a two-student
// class each, mostly waiting on the honest student's job, so they fill cores other files leave.
// HOSTILE_KEEP=1 keeps the temporary folders.

const tmp = scratchFolders();
const read = <T>(file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
const sandbox = sandboxMode();
const mark = () => `hostile-${process.pid}-${Math.random().toString(36).slice(2)}`;

describe('a SIGKILL, a full output disk or a full TMPDIR, then a rerun: the uninterrupted gradebook', () => {
  // A small class: an honest student and the starter, one exercise.
  let project: string;
  let submissions: string;
  let reference: string;
  const env = (tmpdir: string, runMark: string): NodeJS.ProcessEnv => ({
    ...process.env,
    HOME: tmp('hostile-home-'),
    TMPDIR: tmpdir,
    HOSTILE_TEST_BATCH: runMark,
    NO_COLOR: '1',
  });
  const options = (out: string) => ({
    submissions,
    out,
    exercises: 'ex06',
    // One job per student: the class is graded in one round, and an interruption finds the
    // starter's job done (its tests fail at once) while the honest one still runs.
    jobs: 2,
    progress: 'lines',
    ...(sandbox ? { sandbox } : {}),
  });
  /** The gradebook without its timestamp, and the CSV (as grade.test.ts compares them). */
  const comparable = (out: string) => {
    const { generated_at: _at, ...gradebook } = read<{ generated_at: string }>(
      path.join(out, 'gradebook.json'),
    );
    return { gradebook, csv: fs.readFileSync(path.join(out, 'gradebook.csv'), 'utf8') };
  };
  const gradeOnce = async (out: string, tmpdir = tmp('hostile-tmpdir-')) => {
    const run = startGrade({ project, options: options(out), env: env(tmpdir, mark()) });
    return { code: await run.exited, output: run.output() };
  };

  /** The interruption, then the rerun: what each scenario saw, for its test to judge. */
  const killMidBatch = async () => {
    const out = tmp('hostile-killed-');
    const runMark = mark();
    const first = startGrade({
      project,
      options: options(out),
      env: env(tmp('hostile-tmpdir-'), runMark),
    });
    const jobs = path.join(out, 'jobs');
    const written = () =>
      fs.existsSync(jobs)
        ? fs.readdirSync(jobs).flatMap((s) => fs.readdirSync(path.join(jobs, s))).length
        : 0;
    const aJobWritten = await until(() => written() >= 1, 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const nothingLeft = await until(() => runProcesses(runMark).length === 0, 60_000);
    const rerun = await gradeOnce(out);
    return { aJobWritten, nothingLeft, rerun: rerun.code, gradebook: comparable(out) };
  };
  // A full disk is simulated by bubblewrap mounting a small tmpfs over a folder.
  const fillOutputDisk = async () => {
    const out = tmp('hostile-full-out-');
    const saved = tmp('hostile-full-out-saved-');
    // The run writes to a 16 KB tmpfs mounted over --out; what it managed to write is copied out.
    const full = startGrade({
      project,
      options: options(out),
      env: env(tmp('hostile-tmpdir-'), mark()),
      tmpfs: [{ path: out, bytes: 16 * 1024 }],
      after: `cp -a '${out}/.' '${saved}/'`,
    });
    const code = await full.exited;
    const interrupted = {
      code,
      output: full.output(),
      gradebook: fs.existsSync(path.join(saved, 'gradebook.json')),
    };
    fs.rmSync(out, { recursive: true, force: true });
    fs.renameSync(saved, out);
    const rerun = await gradeOnce(out);
    return { interrupted, rerun: rerun.code, gradebook: comparable(out) };
  };
  const starveTmpdir = async () => {
    const out = tmp('hostile-full-tmp-');
    const tmpdir = tmp('hostile-small-tmpdir-');
    const starved = startGrade({
      project,
      options: options(out),
      env: env(tmpdir, mark()),
      tmpfs: [{ path: tmpdir, bytes: 1024 * 1024 }],
    });
    const code = await starved.exited;
    const interrupted = {
      code,
      output: starved.output(),
      gradebook: code === 0 ? comparable(out) : fs.existsSync(path.join(out, 'gradebook.json')),
    };
    const rerun = await gradeOnce(out);
    return { interrupted, rerun: rerun.code, gradebook: comparable(out) };
  };
  type Seen<T extends () => Promise<unknown>> = Promise<Awaited<ReturnType<T>>>;
  let killed: Seen<typeof killMidBatch>;
  let fullOut: Seen<typeof fillOutputDisk>;
  let fullTmp: Seen<typeof starveTmpdir>;

  beforeAll(async () => {
    // Honest code only: a copy of its own all the same, as a killed grader may leave anything.
    project = tmp('hostile-project-');
    copyProject(project);
    const course = loadCourse(project);
    submissions = tmp('hostile-small-class-');
    writeHonest(
      course,
      { id: 'ann', exercise: 'ex06', from: 'solution' },
      path.join(submissions, 'ann'),
    );
    writeHonest(
      course,
      { id: 'bob', exercise: 'ex06', from: 'starter' },
      path.join(submissions, 'bob'),
    );
    reference = tmp('hostile-reference-');
    const { code, output } = await gradeOnce(reference);
    if (code !== 0) throw new Error(`the uninterrupted run exited ${code}:\n${output}`);
    // The scenarios share nothing but the project copy (each has its own class output, TMPDIR and
    // process mark), so they run at the same time, each test below judging its own: one after
    // another, two of the three gradings at a time mostly waited on the honest student's job.
    killed = killMidBatch();
    const scenarios: Promise<unknown>[] = [killed];
    if (hasSandbox()) scenarios.push((fullOut = fillOutputDisk()), (fullTmp = starveTmpdir()));
    // Judged by the tests; a scenario that throws fails its own test, not the others'.
    for (const scenario of scenarios) scenario.catch(() => undefined);
  }, 180_000);

  /** What a grading that ran out of space must say: a grader error, and no gradebook written. */
  const OUT_OF_SPACE = {
    code: 1,
    output: expect.stringMatching(/ENOSPC|no space/i),
    gradebook: false,
  };
  /** The rerun completed the class: the uninterrupted run's gradebook. */
  const expectTheReference = (seen: { rerun: number | string; gradebook: unknown }) => {
    expect(seen.rerun).toBe(0);
    expect(seen.gradebook).toEqual(comparable(reference));
  };

  test('SIGKILL of the grader mid-batch: nothing keeps running, the rerun completes it', async () => {
    const seen = await killed;
    expect(seen.aJobWritten).toBe(true);
    expect(seen.nothingLeft).toBe(true);
    expectTheReference(seen);
  }, 240_000);

  sandboxTest(
    'a full output disk is a grader error (exit 1, no gradebook), and the rerun completes it',
    async () => {
      const seen = await fullOut;
      expect(seen.interrupted).toMatchObject(OUT_OF_SPACE);
      expectTheReference(seen);
    },
    240_000,
  );

  sandboxTest(
    'a full TMPDIR never gives wrong grades: a grader error, then the rerun completes it',
    async () => {
      const seen = await fullTmp;
      // Either the grader saw its own I/O fail (exit 1, no gradebook), or it managed and is right.
      if (seen.interrupted.code === 0)
        expect(seen.interrupted.gradebook).toEqual(comparable(reference));
      else expect(seen.interrupted).toMatchObject(OUT_OF_SPACE);
      expectTheReference(seen);
    },
    240_000,
  );
});
