import { SANDBOX_MODES, SandboxMode } from '../run/sandbox';
import { defineCommand } from './spec';

// The instructor's commands about a class: grading it (in shards too), merging shards, and the
// report page.

const MOODLE_IDENTIFIERS = ['email', 'idnumber'] as const;

export const gradeCommand = defineCommand({
  command: 'grade <submissions>',
  describe:
    'Grade a class: one folder or .zip per student, hidden tests included; writes a gradebook',
  options: {
    submissions: { type: 'string', demandOption: true },
    out: { type: 'string', demandOption: true, describe: 'Folder for results' },
    exercises: { type: 'string', describe: 'Only these, e.g. ex01,ex03' },
    jobs: { type: 'number', describe: 'Jobs at once (default: the cores)' },
    'spare-jobs': {
      type: 'number',
      describe:
        'While jobs look stuck (a hang or deadlock waiting out its limit), start up to this many more (default 0; each costs a job runner, about 0.5 GB)',
    },
    force: { type: 'boolean', describe: 'Regrade jobs already graded' },
    shard: {
      type: 'string',
      describe: 'Grade slice i of n, e.g. 2/4; auto: JOB_COMPLETION_INDEX of --shards',
    },
    shards: { type: 'number', describe: 'Number of shards, for --shard auto' },
    layout: {
      choices: ['auto', 'folders', 'canvas', 'moodle', 'gradescope', 'classroom'] as const,
      describe: 'How the submissions are laid out (default: detected)',
    },
    roster: { type: 'string', describe: 'CSV of students: id, name, email, ...' },
    export: { type: 'string', describe: 'LMS import files: canvas,moodle,csv' },
    assignment: { type: 'string', describe: 'One total column with this name' },
    'moodle-identifier': {
      choices: MOODLE_IDENTIFIERS,
      describe: 'Column moodle-import.csv identifies students by',
    },
    format: { choices: ['gradescope'] as const, describe: 'Also write results.json' },
    course: { type: 'string', describe: 'Course to grade with (default: this one)' },
    'max-file-kb': { type: 'number', describe: 'Refuse larger student files' },
    sandbox: {
      choices: SANDBOX_MODES,
      default: 'auto' as SandboxMode,
      describe: 'Jobs in bubblewrap: auto (if available), required, off',
    },
  },
  run: async (options, io) => (await import('../commands/grade')).grade(options, io),
});

export const mergeCommand = defineCommand({
  command: 'merge <dirs..>',
  describe: 'Combine the --out folders of `grade --shard i/n` into one gradebook',
  options: {
    dirs: { type: 'string', array: true, demandOption: true },
    out: { type: 'string', demandOption: true, describe: 'Folder to write' },
    export: { type: 'string', describe: 'LMS import files (default: as graded)' },
    assignment: { type: 'string', describe: 'One total column with this name' },
    'moodle-identifier': { choices: MOODLE_IDENTIFIERS },
  },
  run: async (options, io) => (await import('../commands/merge')).merge(options, io),
});

export const reportCommand = defineCommand({
  command: 'report <out>',
  describe: 'Write <out>/report.html again: the class report page of a finished grade or merge',
  options: { out: { type: 'string', demandOption: true } },
  run: async (options, io) => (await import('../commands/report')).report(options, io),
});

export const classCommands = [gradeCommand, mergeCommand, reportCommand];
