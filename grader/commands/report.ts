import * as path from 'path';
import { rewriteClassReport } from '../batch/output/class-report-file';
import { EXIT, Io } from '../io';

export interface ReportOptions {
  /** The --out folder of a finished `grade` or `merge`. */
  out: string;
}

/** `grader report <out>`: write <out>/report.html again, e.g. after the report itself changed. */
export function report(options: ReportOptions, io: Io): number {
  const file = rewriteClassReport(path.resolve(options.out));
  io.out(`Wrote ${file}\n`);
  return EXIT.ok;
}
