import { WATCH_DEBOUNCE_MS } from '../run/limits';
import type { GradeRun } from './batch';
import type { BenchResults, PrimitiveRow } from './results';
import { cell, renderTable, Table } from './table';
import { perMinute } from './stats';
import { JOB_CLASS_SIZES } from './job-cost';

const seconds = (ms: number) => cell(ms / 1000, 2, ' s');
const times = (value: number | null | undefined) => (value == null ? '-' : `x${value.toFixed(2)}`);
const megabytes = (bytes: number) => cell(bytes / (1024 * 1024), 0, ' MB');

/** One line saying when, where and under what load the tables were measured. */
export function describeRun(results: BenchResults): string {
  const load = results.load_average.map((value) => value.toFixed(1)).join(' ');
  return `Measured ${results.date.slice(0, 16).replace('T', ' ')} UTC on ${results.cores} cores, Node ${results.node}, ${results.platform}; load average at start ${load}.`;
}

/** Every table the results hold, in the order the parts run. */
export function benchTables(results: BenchResults): Table[] {
  const tables: Table[] = [];
  const primitive = (title: string, rows: PrimitiveRow[]): Table => ({
    title,
    header: ['case', 'time', 'ratio', 'note'],
    rows: rows.map((row) => [row.case, cell(row.ms, 0, ' ms'), times(row.ratio), row.note ?? '']),
    note: 'Ratios are against the first row, measured in the same run.',
  });
  if (results.loader) tables.push(primitive('TypeScript loader', results.loader));
  if (results.locks) tables.push(primitive('Lock strategies', results.locks));
  if (results.check)
    tables.push({
      title: 'check on the reference solution',
      header: [
        'exercise',
        'check (median)',
        'plain jest, trivial test',
        'ratio',
        "tests' own time",
        'ratio',
        'retried',
      ],
      rows: results.check.map((row) => [
        row.exercise,
        seconds(row.check_ms),
        seconds(row.trivial_jest_ms),
        times(row.vs_trivial_jest),
        seconds(row.tests_ms),
        times(row.vs_tests),
        String(row.retried),
      ]),
      note: `Median of ${results.check[0]?.check_runs_ms.length ?? 0} warm runs of the whole command (node grader/cli.ts check exNN --subject solutions; npm's own start-up not included), each round beside plain jest on one empty JS test (no transform); tests' own time is the sum of their durations in the check's --json; retried counts runs that failed on the solution (the type-checker out of time under load) and were run again.`,
    });
  if (results.watch)
    tables.push({
      title: 'check --watch: save to last line',
      header: ['exercise', 're-run (median)', 'runs', 'retried'],
      rows: results.watch.map((row) => [
        row.exercise,
        seconds(row.rerun_ms),
        row.rerun_runs_ms.map((ms) => (ms / 1000).toFixed(2)).join(' '),
        String(row.retried),
      ]),
      note: `Includes the watcher's ${WATCH_DEBOUNCE_MS} ms debounce of editors' bursts of writes.`,
    });
  if (results.batch) {
    const { batch } = results;
    const mix = Object.entries(batch.mix)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ');
    const busy = (cpuMs: number, ms: number) => cell(cpuMs / ms, 2);
    const graded = (label: string, run: GradeRun, speedup: number | null) => [
      label,
      seconds(run.ms),
      cell(run.per_minute, 1),
      times(speedup),
      seconds(run.cpu_ms),
      busy(run.cpu_ms, run.ms),
      `${run.verdicts_right}/${run.submissions}`,
    ];
    const { baseline } = batch;
    // The grader's work spread perfectly over every core: how far scheduling alone could take it.
    const packedMs = batch.grade.cpu_ms / results.cores;
    tables.push({
      title: `Batch: ${batch.grade.submissions} submissions of ${batch.exercises.join(', ')} (${mix})`,
      header: [
        'grader',
        'time',
        'submissions / min',
        'ratio',
        'CPU, all cores',
        'cores busy',
        'verdicts right',
      ],
      rows: [
        graded('grader grade', batch.grade, batch.speedup),
        graded(
          `grader grade --spare-jobs ${batch.spare.spare_jobs} (peak RSS ${megabytes(batch.spare.grade.peak_rss_bytes)} against ${megabytes(batch.grade.peak_rss_bytes)})`,
          batch.spare.grade,
          batch.spare.speedup,
        ),
        [
          `naive: cold npx jest per exercise per submission (${baseline.sampled} sampled, extrapolated)`,
          seconds(baseline.estimated_ms),
          cell(baseline.per_minute, 1),
          'x1.00',
          seconds(baseline.estimated_cpu_ms),
          busy(baseline.estimated_cpu_ms, baseline.estimated_ms),
          '-',
        ],
        ...(batch.ceiling === null
          ? []
          : [
              [
                `ceiling: grade is not done before a hang has used ${batch.hang_ms / 1000} s of load CPU`,
                seconds(baseline.estimated_ms / batch.ceiling),
                cell(perMinute(batch.grade.submissions, baseline.estimated_ms / batch.ceiling), 1),
                times(batch.ceiling),
                '-',
                '-',
                '-',
              ],
            ]),
      ],
      note: [
        `The baseline runs one submission of each kind, one after another, and extrapolates the class by its mix (a hang is killed at ${baseline.limit_ms / 1000} s, the grader's own wall-time load limit; the grader stops a busy load sooner, at ${batch.hang_ms / 1000} s of CPU). For comparison only: its x10 target is retired (docs/performance.md); the job-cost table holds the batch target.`,
        `CPU is the whole machine's busy time over each run (measure on an idle machine). Spread perfectly over ${results.cores} cores, grade's CPU time takes ${seconds(packedMs)}: x${(baseline.estimated_ms / packedMs).toFixed(2)} of the baseline is the most better scheduling of the same work could reach.`,
      ].join(' '),
    });
  }
  if (results.jobs)
    tables.push({
      title: 'Cost of one graded job against its floor',
      header: [
        'exercise',
        'job CPU',
        'type-check',
        'jest starts',
        "tests' own CPU",
        'floor',
        'ratio',
      ],
      rows: results.jobs.map((row) => [
        row.exercise,
        seconds(row.job_cpu_ms),
        seconds(row.typecheck_cpu_ms),
        `${row.test_processes} x ${seconds(row.jest_start_cpu_ms)}`,
        seconds(row.tests_cpu_ms),
        seconds(row.floor_cpu_ms),
        times(row.vs_floor),
      ]),
      note: `Job CPU is the CPU of grade on ${JOB_CLASS_SIZES.large} copies of the reference solution minus that on ${JOB_CLASS_SIZES.small}, per extra job (the grader's start and the class's finalising cancel out). The floor is what any grader of that job spends: plain tsc over the student's files and the tests, and each test file run on the solution by plain jest in a process of its own, as many times as the grading policy runs it: one jest start (plain jest on one trivial JS test) per test process, and the tests' own CPU beyond it. Every CPU is the command's own process tree's, sampled from /proc every 0.1 s, so other work on the machine is left out; both sides miss alike what a process uses after its last sample. Target: ratio <= x1.5.`,
    });
  if (results.scaling)
    tables.push({
      title: 'Scaling of grader grade',
      header: [
        'submissions',
        'time',
        'per submission',
        'submissions / min',
        'peak RSS of the tree',
        'vs smallest',
        'CPU per submission',
        'verdicts right',
      ],
      rows: results.scaling.map((row) => [
        String(row.submissions),
        seconds(row.ms),
        seconds(row.ms / row.submissions),
        cell(row.per_minute, 1),
        megabytes(row.peak_rss_bytes),
        times(row.rss_vs_smallest),
        seconds(row.cpu_ms / row.submissions),
        `${row.verdicts_right}/${row.submissions}`,
      ]),
      note: 'Peak RSS summed over the whole process tree from /proc, sampled every 100 ms. Target: time linear in submissions, peak at the largest class <= x1.2 the smallest.',
    });
  if (results.regrade)
    tables.push({
      title: 'A racy class under the grading policy',
      header: [
        'exercise',
        'students',
        'check, one run each',
        'check, policy',
        'ratio',
        'CPU, one run',
        'CPU, policy',
        'ratio',
        'scores, one run',
        'scores, policy',
        'gradings',
        'distinct gradebooks',
        'distinct totals',
      ],
      rows: results.regrade.map((row) => [
        row.exercise,
        String(row.variants.length),
        seconds(row.one_run_ms),
        seconds(row.policy_ms),
        times(row.repeats_vs_one_run),
        seconds(row.one_run_cpu_ms),
        seconds(row.policy_cpu_ms),
        times(row.repeats_vs_one_run_cpu),
        row.one_run_scores.join(' '),
        row.policy_scores.join(' '),
        row.grade_ms.map((ms) => (ms / 1000).toFixed(0)).join(' ') + ' s',
        String(row.distinct_gradebooks),
        String(row.distinct_totals),
      ]),
      note: `Each student is a known-wrong solution whose mistake is a race (${results.regrade.map((row) => row.variants.join(', ')).join('; ')}), checked sandboxed as grading is, whole command: once with one run of every test (check --repeat 1), once under the policy (the manifest's runs; a failure is final, so only what passed is run again), in wall time and in CPU (each command's own process tree's, sampled from /proc: other work on the machine is left out). Then the class is graded with --force as many times as listed: the gradebooks (csv and json) must be the same bytes every time (target: 1 distinct); distinct totals counts the different lists of the students' totals, so a gradebook that changed only in its wording (which tests failed how) shows apart from one whose numbers changed.`,
    });
  return tables;
}

export function renderResults(results: BenchResults): string {
  const errors = (results.errors ?? []).map(
    (error) => `${error.part} not measured: ${error.message}`,
  );
  return [describeRun(results), ...benchTables(results).map(renderTable), ...errors].join('\n\n');
}
