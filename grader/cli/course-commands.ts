import { SKIP_VERIFY_OPTION } from '../release/audience';
import { UsageError } from '../user-error';
import { defineCommand } from './spec';

// The instructor's commands about the course itself: the machine, the manifests, the proof of the
// tests, and the student copy.

export const doctorCommand = defineCommand({
  command: 'doctor',
  describe: 'Say how jobs are isolated on this machine (the bubblewrap sandbox, or why not)',
  options: {},
  run: async (_, io) => (await import('../commands/sandbox-choice')).doctor(io),
});

export const validateCommand = defineCommand({
  command: 'validate',
  describe: 'Check every manifest against its schema and the course rules',
  options: {},
  run: async (_, io) => (await import('../commands/validate')).validate(io),
});

export const verifyCommand = defineCommand({
  command: 'verify [exercises..]',
  describe:
    'Prove the tests: solutions pass every run, starters fail, known-wrong solutions are caught',
  options: {
    exercises: { type: 'string', array: true },
    runs: {
      type: 'number',
      default: 5,
      describe: 'Runs per solution and per known-wrong solution',
    },
    jobs: {
      type: 'number',
      describe:
        'Starters and known-wrong solutions checked at once (default 1); solutions and also-correct designs always run alone',
    },
    rates: {
      type: 'boolean',
      describe:
        'Only run the known-wrong solutions, and print the share of runs in which each lost points (under 0.99 fails)',
    },
    variant: {
      type: 'string',
      array: true,
      describe: 'With --rates: only these known-wrong solutions (folder names)',
    },
    'catchers-only': {
      type: 'boolean',
      describe:
        "With --rates: run only the tests each variant's caughtBy names (faster; the rate is then a lower bound)",
    },
  },
  run: async ({ rates, variant, catchersOnly, ...options }, io) =>
    rates
      ? (await import('../commands/verify-rates')).verifyRates(
          { ...options, variant, catchersOnly },
          io,
        )
      : variant?.length || catchersOnly
        ? Promise.reject(new UsageError('--variant and --catchers-only work with --rates only'))
        : (await import('../commands/verify')).verify(options, io),
});

export const casesCommand = defineCommand({
  command: 'cases [exercises..]',
  describe:
    'Check the generated case tables under hidden/cases/ against the reference (--refresh writes them)',
  options: {
    exercises: { type: 'string', array: true },
    refresh: {
      type: 'boolean',
      describe: 'Generate the tables again from their seeds and the reference, and write them',
    },
  },
  run: async (options, io) => (await import('../commands/cases')).cases(options, io),
});

export const releaseCommand = defineCommand({
  command: 'release',
  describe:
    'Build the student copy: starters, visible tests, grader, CI workflow; no solutions or hidden tests',
  options: {
    out: { type: 'string', demandOption: true, describe: 'Folder to write' },
    runs: { type: 'number', default: 5, describe: 'Runs of verify first' },
    force: { type: 'boolean', describe: 'Replace what --out holds (keeps .git)' },
    committed: {
      type: 'boolean',
      describe: 'Release what git has committed (HEAD), leaving uncommitted changes out',
    },
    'hidden-bundle': {
      type: 'string',
      describe: 'Also write the hidden tests as a .tar.gz for `ci --hidden` (keep private)',
    },
    [SKIP_VERIFY_OPTION]: {
      type: 'boolean',
      describe: 'Release without verifying the course first (unsafe)',
    },
  },
  run: async ({ skipVerifyIKnowThisIsUnsafe, ...options }, io) =>
    (await import('../commands/release')).release(
      { ...options, skipVerify: Boolean(skipVerifyIKnowThisIsUnsafe) },
      io,
    ),
});

export const demoCommand = defineCommand({
  command: 'demo',
  describe: 'Build a small sample class from the solutions and known mistakes, and grade it',
  options: {
    exercises: { type: 'string', describe: 'Only these, e.g. ex01,ex03' },
    jobs: { type: 'number', describe: 'Jobs at once (default: the cores)' },
  },
  run: async (options, io) => (await import('../commands/demo')).demo(options, io),
});

export const courseCommands = [
  doctorCommand,
  validateCommand,
  verifyCommand,
  casesCommand,
  releaseCommand,
  demoCommand,
];
