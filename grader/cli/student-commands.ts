import { defineCommand } from './spec';
import { SANDBOX_MODES, SandboxMode } from '../run/sandbox';

// The commands a student copy offers (release/audience.ts lists them), in `--help` order.

export const checkCommand = defineCommand({
  command: 'check [exercise]',
  describe:
    'Type-check and test one exercise (ex04, 4 or its slug; default: the first not done) and explain the result',
  options: {
    exercise: { type: 'string' },
    watch: { type: 'boolean', describe: 'Check again whenever you save' },
    repeat: {
      type: 'number',
      describe: 'Run the tests this many times; any test that fails in any run fails',
    },
    json: {
      type: 'string',
      describe: 'Also write the result document (schemas/result.schema.json) here',
    },
    reveal: { type: 'boolean', describe: "Show hidden tests' names and messages (instructors)" },
    subject: {
      type: 'string',
      describe: 'Folder holding the exercise folders to check (default: exercises/)',
    },
    sandbox: { type: 'boolean', describe: 'Run in the job sandbox (bubblewrap), as grading does' },
  },
  run: async ({ watch: watching, ...options }, io) => {
    if (!watching) return (await import('../commands/check')).check(options, io);
    const { exercise, subject, repeat } = options;
    return (await import('../commands/watch')).watch({ exercise, subject, repeat }, io);
  },
});

export const watchCommand = defineCommand({
  command: 'watch [exercise]',
  describe: 'Check an exercise again every time you save one of its files',
  options: {
    exercise: { type: 'string' },
    repeat: { type: 'number', describe: 'Run the tests this many times' },
  },
  run: async (options, io) => (await import('../commands/watch')).watch(options, io),
});

export const hintCommand = defineCommand({
  command: 'hint <exercise>',
  describe: 'Show the next hint for an exercise (each call reveals one more)',
  options: {
    exercise: { type: 'string', demandOption: true },
    all: { type: 'boolean', describe: 'Show every hint at once' },
  },
  run: async (options, io) => (await import('../commands/hint')).hint(options, io),
});

export const statusCommand = defineCommand({
  command: 'status',
  describe: 'Show every exercise with the outcome of its last check',
  options: {},
  run: async (_, io) => (await import('../commands/list')).list(io),
});

/** The old name of status, still accepted (not listed). */
export const listCommand = defineCommand({ ...statusCommand, command: 'list', describe: false });

export const ciCommand = defineCommand({
  command: 'ci [exercises..]',
  describe: 'Check every (or the named) exercise for CI: GitHub annotations and summary, JUnit XML',
  options: {
    exercises: { type: 'string', array: true },
    junit: { type: 'string', describe: 'Write JUnit XML here' },
    json: { type: 'string', describe: 'Write the result document here' },
    fail: {
      type: 'boolean',
      default: true,
      describe: 'Exit non-zero when a test fails (--no-fail: feedback only)',
    },
    hidden: {
      type: 'string',
      describe: 'Hidden tests to run too: a folder, .tar.gz or .zip (or $GRADER_HIDDEN_TESTS)',
    },
    sandbox: {
      choices: SANDBOX_MODES,
      default: 'auto' as SandboxMode,
      describe: 'With hidden tests, run in bubblewrap: auto (if available), required, off',
    },
  },
  run: async (options, io) => (await import('../commands/ci')).ci(options, io),
});

export const studentCommands = [
  checkCommand,
  watchCommand,
  hintCommand,
  statusCommand,
  listCommand,
  ciCommand,
];
