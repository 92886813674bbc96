import * as os from 'os';
import * as path from 'path';
import { EXPORTS, MOODLE_IDENTIFIERS } from '../batch/output/exports';
import { gradeBatch } from '../batch/grade-batch';
import type { LayoutChoice } from '../batch/intake/layouts';
import { parseShard } from '../batch/schedule/plan';
import { createProgress } from '../batch/schedule/progress';
import { DEFAULT_LIMITS } from '../batch/intake/source';
import { renderIntake, renderSummary } from '../report/class-summary';
import type { ExportOptions } from '../result/gradebook';
import { graderRoot } from '../paths';
import { EXIT, Io } from '../io';
import { UsageError } from '../user-error';
import { chooseSandbox } from './sandbox-choice';
import type { SandboxMode } from '../run/sandbox';

export interface GradeOptions {
  submissions: string;
  out: string;
  /** "ex01,ex03" or a list; all exercises when absent. */
  exercises?: string | string[];
  jobs?: number;
  /** While jobs look stuck, start up to this many more (default 0: each costs a job runner). */
  spareJobs?: number;
  /** How long a job may look stuck before the next starts beside it (default 5 s; tests). */
  stallMs?: number;
  force?: boolean;
  /** "i/n", or "auto" (JOB_COMPLETION_INDEX of --shards). */
  shard?: string;
  /** The number of shards, for --shard auto. */
  shards?: number;
  /** Where --shard auto reads JOB_COMPLETION_INDEX (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** How the submissions folder is laid out; detected when auto or absent. */
  layout?: LayoutChoice;
  /** A roster CSV (id, name, email, sis_id, section columns). */
  roster?: string;
  /** LMS import files: "canvas,moodle" or a list. */
  export?: string | string[];
  /** One total column with this name in the import files. */
  assignment?: string;
  /** The column moodle-import.csv identifies students by. */
  moodleIdentifier?: string;
  format?: 'gradescope';
  /** The course whose manifests and tests grade the class (default: this repository). */
  course?: string;
  /** A student file over this size is refused. */
  maxFileKb?: number;
  /** Default: a bar on a terminal, a line per job otherwise. */
  progress?: 'bar' | 'lines';
  /** Stops the run as Ctrl-C does (tests); SIGINT and SIGTERM always do. */
  signal?: AbortSignal;
  /** Jobs in bubblewrap: auto (when available, else a warning), required, or off. */
  sandbox?: SandboxMode;
}

/** `grader grade <submissions> --out <dir>`: grade a whole class with the hidden tests. */
export async function grade(options: GradeOptions, io: Io): Promise<number> {
  const jobs = options.jobs ?? os.availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new UsageError(`--jobs must be a whole number of at least 1`);
  const spareJobs = options.spareJobs ?? 0;
  if (!Number.isInteger(spareJobs) || spareJobs < 0)
    throw new UsageError(`--spare-jobs must be a whole number, 0 or more`);
  const controller = new AbortController();
  const stop = () => {
    if (!controller.signal.aborted)
      io.err('\nStopping: killing the running tests; finished jobs are kept.\n');
    controller.abort();
  };
  options.signal?.addEventListener('abort', stop, { once: true });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const out = path.resolve(options.out);
    const sandbox = chooseSandbox(options.sandbox ?? 'auto', io);
    const outcome = await gradeBatch({
      sandbox,
      graderRoot: path.resolve(options.course ?? graderRoot),
      submissions: path.resolve(options.submissions),
      out,
      exercises: splitList(options.exercises),
      jobs,
      spareJobs,
      stallMs: options.stallMs,
      force: options.force ?? false,
      shard: parseShard(options.shard, options.shards, options.env),
      layout: options.layout,
      roster: options.roster ? path.resolve(options.roster) : undefined,
      exports: exportOptions(options),
      announce: (intake) => {
        for (const decision of intake.decisions) io.out(`${decision}\n`);
      },
      formats: options.format ? [options.format] : [],
      limits: {
        ...DEFAULT_LIMITS,
        maxFileBytes: (options.maxFileKb ?? DEFAULT_LIMITS.maxFileBytes / 1024) * 1024,
      },
      signal: controller.signal,
      progress: createProgress(io, options.progress ?? (process.stdout.isTTY ? 'bar' : 'lines')),
    });
    const rerun = 'Run the same command again to grade what is left.';
    if (outcome.state === 'interrupted') {
      io.err(
        `Stopped. ${outcome.graded} job${outcome.graded === 1 ? '' : 's'} graded in this run are kept. ${rerun}\n`,
      );
      return EXIT.interrupted;
    }
    if (outcome.state === 'incomplete') {
      io.err(
        `\n${outcome.failed.length} job${outcome.failed.length === 1 ? '' : 's'} did not finish (a grader problem, not the student's):\n`,
      );
      for (const job of outcome.failed) io.err(`  ${job.student} ${job.exercise}: ${job.reason}\n`);
      io.err(`No gradebook was written. ${rerun}\n`);
      return EXIT.failed;
    }
    io.out(`\n${renderSummary(outcome.gradebook!.summary)}`);
    const intake = renderIntake(outcome.gradebook!);
    if (intake) io.out(`\n${intake}`);
    io.out(
      `\nWrote ${path.join(out, 'gradebook.csv')}, gradebook.json${imports(outcome.gradebook!)} and students/<id>/ (result.json, feedback.md${options.format === 'gradescope' ? ', results.json' : ''}).\n`,
    );
    return EXIT.ok;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    options.signal?.removeEventListener('abort', stop);
  }
}

/** --export, --assignment and --moodle-identifier, checked; undefined when no export is asked. */
export function exportOptions(options: {
  export?: string | string[];
  assignment?: string;
  moodleIdentifier?: string;
}): ExportOptions | undefined {
  const formats = splitList(options.export) ?? [];
  for (const format of formats)
    if (!(EXPORTS as readonly string[]).includes(format))
      throw new UsageError(`--export must be ${EXPORTS.join(', ')}; got "${format}"`);
  const identifier = options.moodleIdentifier;
  if (identifier !== undefined && !(MOODLE_IDENTIFIERS as readonly string[]).includes(identifier))
    throw new UsageError(
      `--moodle-identifier must be ${MOODLE_IDENTIFIERS.join(' or ')}; got "${identifier}"`,
    );
  if (options.assignment !== undefined && !options.assignment.trim())
    throw new UsageError('--assignment needs a name, e.g. "Concurrency lab (12345)"');
  if (formats.length === 0) {
    if (options.assignment !== undefined || identifier !== undefined)
      throw new UsageError('--assignment and --moodle-identifier go with --export canvas|moodle');
    return undefined;
  }
  return {
    formats: [...new Set(formats)] as ExportOptions['formats'],
    ...(options.assignment ? { assignment: options.assignment.trim() } : {}),
    ...(identifier ? { moodle_identifier: identifier as ExportOptions['moodle_identifier'] } : {}),
  };
}

function splitList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = (Array.isArray(value) ? value : [value])
    .flatMap((item) => item.split(','))
    .map((item) => item.trim());
  return items.filter(Boolean);
}

export const imports = (gradebook: { imports?: { file: string }[] }) =>
  (gradebook.imports ?? []).map((file) => `, ${file.file}`).join('');
