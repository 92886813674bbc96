import type { BatchResult, GradeRun } from './batch';
import type { CheckRow } from './check-latency';
import type { JobCostRow } from './job-cost';
import type { RegradeRow } from './regrade';
import type { WatchRow } from './watch-latency';
import { UsageError } from '../user-error';

export const PARTS = [
  'loader',
  'locks',
  'check',
  'watch',
  'batch',
  'jobs',
  'scaling',
  'regrade',
] as const;
export type Part = (typeof PARTS)[number];

/** A row of the loader and lock tables: a case, its time and its ratio to the group's first row. */
export interface PrimitiveRow {
  case: string;
  ms: number;
  ratio: number;
  note?: string;
}

export interface ScalingRow extends GradeRun {
  /** Peak memory over the smallest class's peak. */
  rss_vs_smallest: number | null;
}

/** bench/results.json (schemas/bench-results.schema.json). */
export interface BenchResults {
  version: 1;
  date: string;
  cores: number;
  node: string;
  platform: string;
  /** The 1, 5 and 15 minute load averages when the run started: how busy the machine was. */
  load_average: number[];
  parts: Part[];
  loader?: PrimitiveRow[];
  locks?: PrimitiveRow[];
  check?: CheckRow[];
  watch?: WatchRow[];
  batch?: BatchResult;
  jobs?: JobCostRow[];
  scaling?: ScalingRow[];
  /** A class of racy submissions under the grading policy: its repeats' cost, regrading's sameness. */
  regrade?: RegradeRow[];
  /** Parts that could not be measured, and why. */
  errors?: { part: Part; message: string }[];
}

/** Splits `--only check,batch` into known parts, or says which names are not parts. */
export function parseParts(only: string | string[] | undefined): Part[] {
  if (only === undefined) return [...PARTS];
  const names = (Array.isArray(only) ? only : [only])
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(PARTS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new UsageError(
      `--only: unknown part${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; the parts are ${PARTS.join(', ')}`,
    );
  if (names.length === 0) throw new UsageError(`--only needs at least one of ${PARTS.join(', ')}`);
  return PARTS.filter((part) => names.includes(part));
}
