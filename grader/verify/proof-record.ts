import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { exercisesDir, solutionsDir } from '../course/layout';
import type { Course } from '../course/types';
import { graderRoot, stateDir } from '../paths';
import { schemaProblems, writeValidJson } from '../schemas';
import { readDesigns, readVariants } from './variants';

// A passing verify of the whole course is kept, keyed by a hash of everything its verdict
// depends on: the exercises, the solutions and known-wrong solutions, and the grader that ran
// them. A release of the same tree then reuses it instead of spending tens of minutes proving
// again what was just proved; any change to any of those files means a new verify.

export interface ProofRecord {
  version: 1;
  course_digest: string;
  runs: number;
  /** Variants checked (solution, starter, designs, known-wrong solutions) and their runs. */
  variants: number;
  variant_runs: number;
  seconds: number;
  verified_at: string;
}

const recordsDir = () => path.join(stateDir(graderRoot), 'verified');
export const recordFile = (digest: string) =>
  path.join(recordsDir(), `${digest.slice(0, 32)}.json`);

/** The hash of the course's exercises and solutions and of the grader running them. */
export function courseDigest(course: Course): string {
  const hash = createHash('sha256');
  const parts: [string, string][] = [
    ['exercises', exercisesDir(course.root)],
    ['solutions', solutionsDir(course.root)],
    ['grader', path.join(graderRoot, 'grader')],
  ];
  for (const [name, dir] of parts)
    for (const file of filesUnder(dir)) {
      hash.update(`\0${name}/${path.relative(dir, file).split(path.sep).join('/')}\0`);
      hash.update(fs.readFileSync(file));
    }
  return hash.digest('hex');
}

/** How much a whole verify of `runs` runs does: variants, and runs of them. */
export function verifyPlan(course: Course, runs: number): { variants: number; runs: number } {
  let variants = 0;
  let total = 0;
  for (const exercise of course.exercises) {
    const wrong = readVariants(course, exercise).variants.length;
    const designs = readDesigns(course, exercise).designs.length;
    variants += 2 + wrong + designs;
    total += runs + 1 + (wrong + designs) * runs;
  }
  return { variants, runs: total };
}

export function writeProof(record: ProofRecord): void {
  fs.mkdirSync(recordsDir(), { recursive: true });
  writeValidJson('proof-record', recordFile(record.course_digest), record);
}

/** The passing verify of this exact tree, if one was kept. */
export function findProof(digest: string): ProofRecord | undefined {
  const file = recordFile(digest);
  if (!fs.existsSync(file)) return undefined;
  const record = JSON.parse(fs.readFileSync(file, 'utf8')) as ProofRecord;
  const valid = schemaProblems('proof-record', record, file).length === 0;
  return valid && record.course_digest === digest ? record : undefined;
}

/** Seconds per variant run of the latest verify kept on this machine, for an estimate. */
export function secondsPerRun(): number | undefined {
  if (!fs.existsSync(recordsDir())) return undefined;
  const records = fs
    .readdirSync(recordsDir())
    .map((name) => path.join(recordsDir(), name))
    .map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as ProofRecord)
    .filter((record) => record.variant_runs > 0)
    .sort((a, b) => (a.verified_at < b.verified_at ? 1 : -1));
  return records[0] && records[0].seconds / records[0].variant_runs;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules' && !entry.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) =>
      entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    );
}
