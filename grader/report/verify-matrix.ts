import type { ExerciseResult } from '../result/types';
import type { VariantReport } from '../verify/verify';
import { isHidden } from '../course/visibility';
import { textTable } from '../text-table';

// The verify matrix: one row per exercise x variant, one column per run, then the kill rate of a
// known-wrong solution and the slowest test seen. A pure function of the reports.

interface MatrixRow {
  exercise: string;
  variant: string;
  runs: string[];
  /** "caught 5/5 (100%)" for a known-wrong solution; "flaky 2/5" for a solution failing some runs. */
  rate: string;
  slowest: string;
  verdict: 'ok' | 'FLAKY' | 'FAILS' | 'SURVIVED' | 'MISDECLARED' | 'PASSES' | 'REJECTS-CORRECT';
}

export function matrixRows(reports: VariantReport[]): MatrixRow[] {
  return reports.map((report) => {
    const failed = report.runs.filter((run) => run.status !== 'pass').length;
    const total = report.runs.length;
    let rate = '';
    let verdict: MatrixRow['verdict'] = 'ok';
    if (report.kind === 'wrong') {
      const caught = report.runs.filter(caughtByHidden).length;
      rate = `caught ${caught}/${total} (${Math.round((100 * caught) / Math.max(1, total))}%)`;
      // Caught every run, yet not ok: none of the tests its variant.json names failed.
      if (!report.ok) verdict = caught === total ? 'MISDECLARED' : 'SURVIVED';
    } else if (report.kind === 'also-correct') {
      rate = failed === 0 ? `passed ${total}/${total}` : `failed ${failed}/${total}`;
      if (!report.ok) verdict = 'REJECTS-CORRECT';
    } else if (report.kind === 'solution') {
      rate = failed === 0 ? `passed ${total}/${total}` : `failed ${failed}/${total}`;
      if (!report.ok) verdict = failed < total ? 'FLAKY' : 'FAILS';
    } else {
      rate = failed === total ? 'fails' : 'passes';
      if (!report.ok) verdict = 'PASSES';
    }
    return {
      exercise: report.exercise,
      variant:
        report.kind === 'wrong' || report.kind === 'also-correct'
          ? `${report.kind}/${report.name}`
          : report.name,
      runs: report.runs.map(runCell),
      rate,
      slowest: slowestTest(report.runs),
      verdict,
    };
  });
}

export function renderVerifyMatrix(reports: VariantReport[]): string {
  const rows = matrixRows(reports);
  const runColumns = Math.max(1, ...rows.map((row) => row.runs.length));
  const header = [
    'exercise',
    'variant',
    ...Array.from({ length: runColumns }, (_, index) => `run ${index + 1}`),
    'rate',
    'slowest test',
    'verdict',
  ];
  const table = rows.map((row) => [
    row.exercise,
    row.variant,
    ...Array.from({ length: runColumns }, (_, index) => row.runs[index] ?? ''),
    row.rate,
    row.slowest,
    row.verdict,
  ]);
  return textTable(header, table).join('\n') + '\n';
}

/** A known-wrong solution counts as caught in a run only when a hidden test failed. */
export function caughtByHidden(run: ExerciseResult): boolean {
  return run.tests.some(
    (test) => isHidden(test) && (test.status === 'fail' || test.status === 'timeout'),
  );
}

function runCell(run: ExerciseResult): string {
  return run.status === 'pass' ? 'pass' : run.status === 'error' ? 'error' : 'fail';
}

function slowestTest(runs: ExerciseResult[]): string {
  let slowest: { name: string; ms: number } | undefined;
  for (const run of runs) {
    for (const test of run.tests) {
      if (test.duration_ms !== undefined && (!slowest || test.duration_ms > slowest.ms))
        slowest = { name: test.name, ms: test.duration_ms };
    }
  }
  if (!slowest) return '-';
  const name = slowest.name.length > 40 ? `${slowest.name.slice(0, 39)}…` : slowest.name;
  return `${Math.round(slowest.ms)} ms ${name}`;
}
