import { Equivalent, sameMutant, undetected } from './equivalents';
import type { LocatedMutant } from './report';

export interface ScoreRow {
  exercise: string;
  /** Mutants the tests ran against: killed, timed out, survived or not covered. */
  mutants: number;
  killed: number;
  timedOut: number;
  survived: number;
  noCoverage: number;
  /** Mutants that did not compile or crashed the run: dropped, not scored. */
  invalid: number;
  /** Undetected mutants listed in equivalent-mutants.json: taken out of the score. */
  equivalent: number;
  /** Detected (killed or timed out) over mutants that are not equivalent, in percent; null with none. */
  score: number | null;
}

export function scoreRow(
  exercise: string,
  mutants: LocatedMutant[],
  equivalents: Equivalent[],
): ScoreRow {
  const count = (status: LocatedMutant['status']) =>
    mutants.filter((mutant) => mutant.status === status).length;
  const killed = count('Killed');
  const timedOut = count('Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const equivalent = mutants.filter(
    (mutant) => undetected(mutant) && equivalents.some((listed) => sameMutant(listed, mutant)),
  ).length;
  const scored = killed + timedOut + survived + noCoverage - equivalent;
  return {
    exercise,
    mutants: killed + timedOut + survived + noCoverage,
    killed,
    timedOut,
    survived,
    noCoverage,
    invalid: count('CompileError') + count('RuntimeError'),
    equivalent,
    score: scored === 0 ? null : Math.round(((killed + timedOut) / scored) * 1000) / 10,
  };
}

const COLUMNS: [string, (row: ScoreRow) => string][] = [
  ['exercise', (row) => row.exercise],
  ['mutants', (row) => String(row.mutants)],
  ['killed', (row) => String(row.killed)],
  ['timed out', (row) => String(row.timedOut)],
  ['survived', (row) => String(row.survived)],
  ['no coverage', (row) => String(row.noCoverage)],
  ['equivalent', (row) => String(row.equivalent)],
  ['invalid', (row) => String(row.invalid)],
  ['score', (row) => (row.score === null ? '-' : `${row.score.toFixed(1)}%`)],
];

/** The per-exercise table: timed out counts as killed, equivalents are out of the score. */
export function formatTable(rows: ScoreRow[]): string {
  const cells = [
    COLUMNS.map(([title]) => title),
    ...rows.map((row) => COLUMNS.map(([, get]) => get(row))),
  ];
  const widths = COLUMNS.map((_, column) => Math.max(...cells.map((line) => line[column].length)));
  return cells
    .map((line) =>
      line
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]),
        )
        .join('  '),
    )
    .join('\n');
}

/** The mutants an author has to act on: undetected and not listed as equivalent, one per line. */
export function survivorLines(mutants: LocatedMutant[], equivalents: Equivalent[]): string[] {
  return mutants
    .filter(
      (mutant) => undetected(mutant) && !equivalents.some((listed) => sameMutant(listed, mutant)),
    )
    .sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line)
    .map(
      (mutant) =>
        `${mutant.path}:${mutant.line}  ${mutant.status}  ${mutant.mutator}  ${oneLine(mutant.original)} -> ${oneLine(mutant.replacement)}`,
    );
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
