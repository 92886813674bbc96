import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Course, Exercise } from '../course/types';
import { graderRoot } from '../paths';
import { readVariants } from '../verify/variants';
import { gradeCommand, graderCommand } from './commands';
import { runTimed, TimedRun } from './run-timed';
import { ratio } from './stats';

// The grading policy for racy code (docs/grading.md, "Runs"; issue 25): what its repeats cost, and
// whether it makes a grade a function of the submission. A class of known-wrong submissions whose
// mistake is a race is checked, each student, once with one run of every test (`check --repeat
// 1`) and once under the policy (`check`, the manifest's runs), both sandboxed as grading is; then
// the class is graded `gradings` times with --force, and the gradebooks are compared byte for byte.

/** The racy known-wrong solutions the class is made of, one student each, in this order. */
export const RACY_VARIANTS: Record<string, string[]> = {
  ex03: ['plain-field', 'check-then-set', 'if-not-while', 'notify-before-release'],
};

export interface RegradeMeasures {
  /**
   * Per student: whole-command wall time and CPU of `check --repeat 1`, then `check`; the CPU is
   * the command's own process tree's (proc-tree.ts TreeCpu), so other work on the machine is not in it.
   */
  oneRun: { ms: number; cpuMs: number; score: number }[];
  policy: { ms: number; cpuMs: number; score: number }[];
  /**
   * Per grading: wall time, a digest of gradebook.csv and gradebook.json together, and each
   * student's total (in student order), which tells a changed number from a changed wording.
   */
  gradings: { ms: number; digest: string; totals: number[] }[];
}

export interface RegradeRow {
  exercise: string;
  variants: string[];
  one_run_ms: number;
  policy_ms: number;
  one_run_cpu_ms: number;
  policy_cpu_ms: number;
  /** Policy over one run, wall time (the repeats' cost; a wrong submission repeats only what passed). */
  repeats_vs_one_run: number | null;
  /** The same in CPU, which other work on a shared machine disturbs less. */
  repeats_vs_one_run_cpu: number | null;
  one_run_scores: number[];
  policy_scores: number[];
  gradings: number;
  grade_ms: number[];
  /** Distinct gradebooks over the gradings: 1 when regrading writes the same bytes. */
  distinct_gradebooks: number;
  /** Each grading's totals, student by student; and how many distinct lists of them there were. */
  grade_totals: number[][];
  distinct_totals: number;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** The row from what was measured. */
export function regradeRow(exercise: string, variants: string[], m: RegradeMeasures): RegradeRow {
  const oneRunMs = sum(m.oneRun.map((run) => run.ms));
  const policyMs = sum(m.policy.map((run) => run.ms));
  const oneRunCpuMs = sum(m.oneRun.map((run) => run.cpuMs));
  const policyCpuMs = sum(m.policy.map((run) => run.cpuMs));
  return {
    exercise,
    variants,
    one_run_ms: oneRunMs,
    policy_ms: policyMs,
    one_run_cpu_ms: oneRunCpuMs,
    policy_cpu_ms: policyCpuMs,
    repeats_vs_one_run: ratio(policyMs, oneRunMs) ?? null,
    repeats_vs_one_run_cpu: ratio(policyCpuMs, oneRunCpuMs) ?? null,
    one_run_scores: m.oneRun.map((run) => run.score),
    policy_scores: m.policy.map((run) => run.score),
    gradings: m.gradings.length,
    grade_ms: m.gradings.map((grading) => grading.ms),
    distinct_gradebooks: new Set(m.gradings.map((grading) => grading.digest)).size,
    grade_totals: m.gradings.map((grading) => grading.totals),
    distinct_totals: new Set(m.gradings.map((grading) => grading.totals.join(' '))).size,
  };
}

function writeClass(course: Course, exercise: Exercise, variants: string[], dir: string): void {
  const known = readVariants(course, exercise).variants;
  for (const name of variants) {
    const variant = known.find((each) => each.name === name);
    if (!variant) throw new Error(`no known-wrong ${exercise.id} solution named ${name}`);
    for (const [file, content] of Object.entries(variant.files)) {
      const target = path.join(dir, name, 'exercises', exercise.folder, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  }
}

async function timedCheck(
  exercise: Exercise,
  subject: string,
  json: string,
  repeat: string[],
): Promise<{ ms: number; cpuMs: number; score: number }> {
  const { command, args } = graderCommand(
    'check',
    exercise.id,
    '--subject',
    subject,
    '--sandbox',
    '--json',
    json,
    ...repeat,
  );
  const run = await runTimed(command, args, { cwd: graderRoot, sampleCpu: true });
  const score = scoreOf(json, run);
  return { ms: run.ms, cpuMs: run.treeCpuMs!, score };
}

function scoreOf(json: string, run: TimedRun): number {
  if (!fs.existsSync(json)) throw new Error(`check wrote no result:\n${run.output.slice(-2000)}`);
  return (JSON.parse(fs.readFileSync(json, 'utf8')) as { score: number }).score;
}

/** Each student's total in the gradebook, in student order. */
function totals(out: string): number[] {
  const book = JSON.parse(fs.readFileSync(path.join(out, 'gradebook.json'), 'utf8')) as {
    students: { id: string; total: number }[];
  };
  return [...book.students]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((student) => student.total);
}

/** Measures the row: `variants.length` students, `gradings` gradings of the class. */
export async function measureRegrade(
  course: Course,
  exercise: Exercise,
  count: number,
  gradings: number,
): Promise<RegradeRow> {
  const variants = (RACY_VARIANTS[exercise.id] ?? []).slice(0, count);
  if (variants.length === 0)
    throw new Error(`no racy known-wrong solutions listed for ${exercise.id}`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-regrade-'));
  try {
    const submissions = path.join(scratch, 'submissions');
    writeClass(course, exercise, variants, submissions);
    const measures: RegradeMeasures = { oneRun: [], policy: [], gradings: [] };
    for (const [index, name] of variants.entries()) {
      const subject = path.join(submissions, name, 'exercises');
      const json = (what: string) => path.join(scratch, `${index}-${what}.json`);
      measures.oneRun.push(await timedCheck(exercise, subject, json('one'), ['--repeat', '1']));
      measures.policy.push(await timedCheck(exercise, subject, json('policy'), []));
    }
    const out = path.join(scratch, 'out');
    for (let grading = 0; grading < gradings; grading++) {
      const { command, args } = gradeCommand(submissions, out, [exercise.id], '--force');
      const run = await runTimed(command, args, { cwd: graderRoot });
      if (run.code !== 0)
        throw new Error(`grade ${grading + 1} failed:\n${run.output.slice(-2000)}`);
      const digest = createHash('sha256');
      for (const file of ['gradebook.csv', 'gradebook.json'])
        digest.update(fs.readFileSync(path.join(out, file)));
      measures.gradings.push({ ms: run.ms, digest: digest.digest('hex'), totals: totals(out) });
    }
    return regradeRow(exercise.id, variants, measures);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
