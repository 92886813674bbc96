import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT, processIo } from './io';
import { UsageError, UserError } from './user-error';
import {
  isStudentCopy,
  offers,
  registeringOnly,
  SKIP_VERIFY_FLAG,
  STUDENT_COMMANDS,
} from './release/audience';
import { SANDBOX_MODES, SandboxMode } from './run/sandbox';

type Command = (...args: never[]) => number | Promise<number>;
/** A command's module loads when the command runs: `check` never pays for grading a class. */
const lazy =
  <F extends Command>(load: () => Promise<F>) =>
  async (...args: Parameters<F>): Promise<number> =>
    (await load())(...args);
const check = lazy(() => import('./commands/check').then((m) => m.check));
const ci = lazy(() => import('./commands/ci').then((m) => m.ci));
const demo = lazy(() => import('./commands/demo').then((m) => m.demo));
const doctor = lazy(() => import('./commands/sandbox-choice').then((m) => m.doctor));
const grade = lazy(() => import('./commands/grade').then((m) => m.grade));
const hint = lazy(() => import('./commands/hint').then((m) => m.hint));
const list = lazy(() => import('./commands/list').then((m) => m.list));
const merge = lazy(() => import('./commands/merge').then((m) => m.merge));
const release = lazy(() => import('./commands/release').then((m) => m.release));
const report = lazy(() => import('./commands/report').then((m) => m.report));
const validate = lazy(() => import('./commands/validate').then((m) => m.validate));
const verify = lazy(() => import('./commands/verify').then((m) => m.verify));
const watch = lazy(() => import('./commands/watch').then((m) => m.watch));

// A thin shell: yargs parses, plain functions do the work and return the exit code.
async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const run = (work: () => number | Promise<number>) => async () => {
    exitCode = await work();
  };
  // A student copy (written by `grader release`) registers the student commands only.
  const student = isStudentCopy();
  await registeringOnly(yargs(argv), (name) => offers(student, name))
    .scriptName('grader')
    .command(
      'check [exercise]',
      'Type-check and test one exercise (ex04, 4 or its slug; default: the first not done) and explain the result',
      (command) =>
        command
          .positional('exercise', { type: 'string' })
          .option('watch', { type: 'boolean', describe: 'Check again whenever you save' })
          .option('repeat', {
            type: 'number',
            describe: 'Run the tests this many times; any test that fails in any run fails',
          })
          .option('json', {
            type: 'string',
            describe: 'Also write the result document (schemas/result.schema.json) here',
          })
          .option('reveal', {
            type: 'boolean',
            describe: "Show hidden tests' names and messages (instructors)",
          })
          .option('subject', {
            type: 'string',
            describe: 'Folder holding the exercise folders to check (default: exercises/)',
          })
          .option('sandbox', {
            type: 'boolean',
            describe: 'Run in the job sandbox (bubblewrap), as grading does',
          }),
      (args) =>
        run(() =>
          args.watch
            ? watch(
                { exercise: args.exercise, subject: args.subject, repeat: args.repeat },
                processIo,
              )
            : check(
                {
                  exercise: args.exercise,
                  repeat: args.repeat,
                  json: args.json,
                  reveal: args.reveal,
                  subject: args.subject,
                  sandbox: args.sandbox,
                },
                processIo,
              ),
        )(),
    )
    .command(
      'watch [exercise]',
      'Check an exercise again every time you save one of its files',
      (command) =>
        command
          .positional('exercise', { type: 'string' })
          .option('repeat', { type: 'number', describe: 'Run the tests this many times' }),
      (args) => run(() => watch({ exercise: args.exercise, repeat: args.repeat }, processIo))(),
    )
    .command(
      'hint <exercise>',
      'Show the next hint for an exercise (each call reveals one more)',
      (command) =>
        command
          .positional('exercise', { type: 'string', demandOption: true })
          .option('all', { type: 'boolean', describe: 'Show every hint at once' }),
      (args) => run(() => hint({ exercise: args.exercise, all: args.all }, processIo))(),
    )
    .command(
      'status',
      'Show every exercise with the outcome of its last check',
      {},
      run(() => list(processIo)),
    )
    // The old name of status, still accepted (not listed).
    .command(
      'list',
      false,
      {},
      run(() => list(processIo)),
    )
    .command(
      'doctor',
      'Say how jobs are isolated on this machine (the bubblewrap sandbox, or why not)',
      {},
      run(() => doctor(processIo)),
    )
    .command(
      'validate',
      'Check every manifest against its schema and the course rules',
      {},
      run(() => validate(processIo)),
    )
    .command(
      'verify [exercises..]',
      'Prove the tests: solutions pass every run, starters fail, known-wrong solutions are caught',
      (command) =>
        command.positional('exercises', { type: 'string', array: true }).option('runs', {
          type: 'number',
          default: 5,
          describe: 'Runs per solution and per known-wrong solution',
        }),
      (args) => run(() => verify({ exercises: args.exercises, runs: args.runs }, processIo))(),
    )
    .command(
      'ci [exercises..]',
      'Check every (or the named) exercise for CI: GitHub annotations and summary, JUnit XML',
      (command) =>
        command
          .positional('exercises', { type: 'string', array: true })
          .option('junit', { type: 'string', describe: 'Write JUnit XML here' })
          .option('json', { type: 'string', describe: 'Write the result document here' })
          .option('fail', {
            type: 'boolean',
            default: true,
            describe: 'Exit non-zero when a test fails (--no-fail: feedback only)',
          })
          .option('hidden', {
            type: 'string',
            describe:
              'Hidden tests to run too: a folder, .tar.gz or .zip (or $GRADER_HIDDEN_TESTS)',
          })
          .option('sandbox', {
            choices: SANDBOX_MODES,
            default: 'auto' as SandboxMode,
            describe: 'With hidden tests, run in bubblewrap: auto (if available), required, off',
          }),
      (args) =>
        run(() =>
          ci(
            {
              exercises: args.exercises,
              junit: args.junit,
              json: args.json,
              fail: args.fail,
              hidden: args.hidden,
              sandbox: args.sandbox,
            },
            processIo,
          ),
        )(),
    )
    .command(
      'release',
      'Build the student copy: starters, visible tests, grader, CI workflow; no solutions or hidden tests',
      (command) =>
        command
          .option('out', { type: 'string', demandOption: true, describe: 'Folder to write' })
          .option('runs', { type: 'number', default: 5, describe: 'Runs of verify first' })
          .option('force', { type: 'boolean', describe: 'Replace what --out holds (keeps .git)' })
          .option('committed', {
            type: 'boolean',
            describe: 'Release what git has committed (HEAD), leaving uncommitted changes out',
          })
          .option('hidden-bundle', {
            type: 'string',
            describe: 'Also write the hidden tests as a .tar.gz for `ci --hidden` (keep private)',
          })
          .option(SKIP_VERIFY_FLAG.slice(2), {
            type: 'boolean',
            describe: 'Release without verifying the course first (unsafe)',
          }),
      (args) =>
        run(() =>
          release(
            {
              out: args.out,
              runs: args.runs,
              force: args.force,
              committed: args.committed,
              hiddenBundle: args['hidden-bundle'],
              skipVerify: Boolean(args[SKIP_VERIFY_FLAG.slice(2)]),
            },
            processIo,
          ),
        )(),
    )
    .command(
      'grade <submissions>',
      'Grade a class: one folder or .zip per student, hidden tests included; writes a gradebook',
      (command) =>
        command
          .positional('submissions', { type: 'string', demandOption: true })
          .option('out', { type: 'string', demandOption: true, describe: 'Folder for results' })
          .option('exercises', { type: 'string', describe: 'Only these, e.g. ex01,ex03' })
          .option('jobs', {
            type: 'number',
            describe: 'Jobs at once (default: the cores)',
          })
          .option('spare-jobs', {
            type: 'number',
            describe:
              'While jobs look stuck (a hang or deadlock waiting out its limit), start up to this many more (default 0; each costs a job runner, about 0.5 GB)',
          })
          .option('force', { type: 'boolean', describe: 'Regrade jobs already graded' })
          .option('shard', {
            type: 'string',
            describe: 'Grade slice i of n, e.g. 2/4; auto: JOB_COMPLETION_INDEX of --shards',
          })
          .option('shards', { type: 'number', describe: 'Number of shards, for --shard auto' })
          .option('layout', {
            choices: ['auto', 'folders', 'canvas', 'moodle', 'gradescope', 'classroom'] as const,
            describe: 'How the submissions are laid out (default: detected)',
          })
          .option('roster', { type: 'string', describe: 'CSV of students: id, name, email, ...' })
          .option('export', { type: 'string', describe: 'LMS import files: canvas,moodle,csv' })
          .option('assignment', { type: 'string', describe: 'One total column with this name' })
          .option('moodle-identifier', {
            choices: ['email', 'idnumber'] as const,
            describe: 'Column moodle-import.csv identifies students by',
          })
          .option('format', {
            choices: ['gradescope'] as const,
            describe: 'Also write results.json',
          })
          .option('course', {
            type: 'string',
            describe: 'Course to grade with (default: this one)',
          })
          .option('max-file-kb', { type: 'number', describe: 'Refuse larger student files' })
          .option('sandbox', {
            choices: SANDBOX_MODES,
            default: 'auto' as SandboxMode,
            describe: 'Jobs in bubblewrap: auto (if available), required, off',
          }),
      (args) =>
        run(() =>
          grade(
            {
              submissions: args.submissions,
              out: args.out,
              exercises: args.exercises,
              jobs: args.jobs,
              spareJobs: args.spareJobs,
              force: args.force,
              shard: args.shard,
              shards: args.shards,
              layout: args.layout,
              roster: args.roster,
              export: args.export,
              assignment: args.assignment,
              moodleIdentifier: args['moodle-identifier'],
              format: args.format,
              course: args.course,
              maxFileKb: args['max-file-kb'],
              sandbox: args.sandbox,
            },
            processIo,
          ),
        )(),
    )
    .command(
      'merge <dirs..>',
      'Combine the --out folders of `grade --shard i/n` into one gradebook',
      (command) =>
        command
          .positional('dirs', { type: 'string', array: true, demandOption: true })
          .option('out', { type: 'string', demandOption: true, describe: 'Folder to write' })
          .option('export', { type: 'string', describe: 'LMS import files (default: as graded)' })
          .option('assignment', { type: 'string', describe: 'One total column with this name' })
          .option('moodle-identifier', { choices: ['email', 'idnumber'] as const }),
      (args) =>
        run(() =>
          merge(
            {
              dirs: args.dirs,
              out: args.out,
              export: args.export,
              assignment: args.assignment,
              moodleIdentifier: args['moodle-identifier'],
            },
            processIo,
          ),
        )(),
    )
    .command(
      'report <out>',
      'Write <out>/report.html again: the class report page of a finished grade or merge',
      (command) => command.positional('out', { type: 'string', demandOption: true }),
      (args) => run(() => report({ out: args.out }, processIo))(),
    )
    .command(
      'demo',
      'Build a small sample class from the solutions and known mistakes, and grade it',
      (command) =>
        command
          .option('exercises', { type: 'string', describe: 'Only these, e.g. ex01,ex03' })
          .option('jobs', {
            type: 'number',
            describe: 'Jobs at once (default: the cores)',
          }),
      (args) => run(() => demo({ exercises: args.exercises, jobs: args.jobs }, processIo))(),
    )
    .demandCommand(
      1,
      `Name a command: ${student ? STUDENT_COMMANDS.join(', ') : 'check, status, validate, verify'}`,
    )
    .strict()
    .help()
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .parseAsync();
  return exitCode;
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    const known = error instanceof UserError;
    process.stderr.write(`${known ? error.message : error.stack}\n`);
    if (error instanceof UsageError)
      process.stderr.write('Run `npm run grader -- --help` for the commands.\n');
    process.exitCode = known ? EXIT.usage : EXIT.failed;
  },
);
