/**
 * The parts of Stryker's mutation-testing report (schemas/mutation-report.schema.json, the
 * upstream mutation-testing-report-schema) that the table and the equivalents check read.
 */
interface Position {
  line: number;
  column: number;
}

export type MutantStatus =
  | 'Killed'
  | 'Survived'
  | 'NoCoverage'
  | 'CompileError'
  | 'RuntimeError'
  | 'Timeout'
  | 'Ignored'
  | 'Pending';

interface ReportMutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  location: { start: Position; end: Position };
  status: MutantStatus;
}

interface ReportFile {
  source: string;
  mutants: ReportMutant[];
}

export interface MutationReport {
  schemaVersion: string;
  files: Record<string, ReportFile>;
}

/** One mutant, located and quoted: what an author reads and what equivalents name. */
export interface LocatedMutant {
  /** The report's file key, e.g. solutions/ex03-race-and-lock/mutex.ts. */
  path: string;
  /** The file's name inside its solution folder, e.g. mutex.ts. */
  file: string;
  line: number;
  mutator: string;
  original: string;
  replacement: string;
  status: MutantStatus;
}

/** The source text a mutant replaces (report positions are 1-based lines and columns). */
export function originalText(source: string, location: { start: Position; end: Position }): string {
  const lines = source.split('\n');
  const offset = (at: Position) =>
    lines.slice(0, at.line - 1).reduce((sum, line) => sum + line.length + 1, 0) + at.column - 1;
  return source.slice(offset(location.start), offset(location.end));
}

export function locatedMutants(report: MutationReport): LocatedMutant[] {
  return Object.entries(report.files).flatMap(([path, file]) =>
    file.mutants.map((mutant) => ({
      path,
      file: path.split('/').pop()!,
      line: mutant.location.start.line,
      mutator: mutant.mutatorName,
      original: originalText(file.source, mutant.location),
      replacement: mutant.replacement ?? '',
      status: mutant.status,
    })),
  );
}
