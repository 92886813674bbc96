import type { Io } from '../../io';
import type { RunStatus } from '../../result/types';

interface JobReport {
  student: string;
  exercise: string;
  /** undefined when the job did not finish (the runner failed). */
  status?: RunStatus | 'not_submitted' | 'unchanged';
  score?: number;
  max_score?: number;
  ms: number;
  problem?: string;
}

/** What the batch tells the person watching; rendering is up to the implementation. */
export interface Progress {
  start(toGrade: number, kept: number, ignored: { name: string; reason: string }[]): void;
  job(report: JobReport): void;
  stop(): void;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 1000;

/**
 * A bar redrawn in place on a terminal (done/total, pass rate so far, ETA); a plain line per job
 * otherwise, which is what CI logs want.
 */
export function createProgress(io: Io, mode: 'bar' | 'lines', now = () => Date.now()): Progress {
  let total = 0;
  let done = 0;
  let passed = 0;
  let started = 0;
  let timer: NodeJS.Timeout | undefined;
  const failures: string[] = [];

  const line = () => {
    const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
    const rate = done === 0 ? '-' : `${Math.round((passed / done) * 100)}%`;
    return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total} jobs  pass rate ${rate}  ETA ${eta(started, now(), done, total)}`;
  };
  const redraw = () => io.out(`\r${line()}\u001b[K`);

  return {
    start(toGrade, kept, ignored) {
      for (const entry of ignored) io.out(`Ignored ${entry.name}: ${entry.reason}\n`);
      total = toGrade;
      started = now();
      const keptNote = kept > 0 ? ` (${kept} already graded are kept; --force regrades them)` : '';
      io.out(`Grading ${toGrade} job${toGrade === 1 ? '' : 's'}${keptNote}\n`);
      if (mode === 'bar' && toGrade > 0) {
        redraw();
        timer = setInterval(redraw, REDRAW_MS);
        timer.unref();
      }
    },
    job(report) {
      done++;
      if (report.status === 'pass') passed++;
      const verdict = report.status
        ? `${report.score}/${report.max_score} ${report.status.replace('_', ' ')}`
        : `did not finish: ${report.problem}`;
      if (mode === 'lines') {
        const width = String(total).length;
        io.out(
          `[${String(done).padStart(width)}/${total}] ${report.student} ${report.exercise} ${verdict} (${seconds(report.ms)})\n`,
        );
      } else {
        if (!report.status) failures.push(`${report.student} ${report.exercise} ${verdict}`);
        redraw();
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      if (mode === 'bar' && total > 0) io.out('\n');
      for (const failure of failures) io.out(`${failure}\n`);
    },
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function eta(started: number, now: number, done: number, total: number): string {
  if (done === 0) return '--:--';
  const remainingSeconds = Math.round((((now - started) / done) * (total - done)) / 1000);
  return `${Math.floor(remainingSeconds / 60)}:${String(remainingSeconds % 60).padStart(2, '0')}`;
}
