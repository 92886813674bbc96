import { defineCommand } from './spec';

// The course author's measuring tools: how fast the grader is, and how well the hidden tests
// catch small edits of the reference solutions. Slow, so never part of `npm test`. Nothing is
// imported before a command runs: the student copy keeps this file but not bench/ or mutate/.

export const benchCommand = defineCommand({
  command: 'bench',
  describe: 'Measure what users feel, each against a floor measured in the same run (slow)',
  options: {
    only: {
      type: 'string',
      describe: 'Comma-separated parts (default: all; an unknown name lists them)',
    },
    runs: { type: 'number', default: 5, describe: 'Measured runs per check and watch' },
    'class-size': { type: 'number', describe: 'Submissions in the batch part (default: 30)' },
    sizes: { type: 'string', describe: 'Class sizes of the scaling part (default: 10,30,90)' },
    out: { type: 'string', describe: 'Where to write the results (default: bench/results.json)' },
  },
  run: async (options, io) => (await import('../bench/bench')).bench(options, io),
});

export const mutateCommand = defineCommand({
  command: 'mutate [exercises..]',
  describe: 'Mutation-test the reference solutions (all when none is named; slow)',
  options: {
    exercises: { type: 'string', array: true },
    concurrency: { type: 'number', default: 2, describe: 'Test runner processes' },
    'time-factor': {
      type: 'number',
      default: 1,
      describe: "Multiply each test's time limit (a loaded machine; graded runs use 1)",
    },
  },
  run: async (options, io) => (await import('../mutate/mutate')).mutate(options, io),
});

export const toolCommands = [benchCommand, mutateCommand];
