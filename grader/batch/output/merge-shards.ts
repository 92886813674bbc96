import * as fs from 'fs';
import * as path from 'path';
import type { ExportOptions, Gradebook, RunRecord } from '../../result/gradebook';
import { UsageError } from '../../user-error';
import { writeFileAtomic } from '../../schemas';
import { finalize, missingJobs } from './finalize';
import { byCodeUnits } from '../intake/submissions';
import { jobFile, readRun, writeRun } from './store';

/**
 * Combines the output folders of `grade --shard i/n` (one per CI machine) into one: checks that
 * the shards belong to the same class and exercises and that every shard is there and complete,
 * copies their job records, and builds the gradebook exactly as an unsharded run would.
 */
export function mergeShards(dirs: string[], out: string, exports?: ExportOptions): Gradebook {
  if (dirs.length === 0) throw new UsageError('name the shard output folders to merge');
  const runs = dirs.map((dir) => ({ dir, run: readRun(dir) }));
  const first = runs[0].run;
  const count = first.shard.count;
  const problems: string[] = [];
  for (const { dir, run } of runs) {
    if (run.shard.count !== count)
      problems.push(
        `${dir} is shard ${run.shard.index}/${run.shard.count}, the others are of ${count}`,
      );
    if (run.roster_digest !== first.roster_digest)
      problems.push(
        `${dir} was graded from a different class (its submissions differ from ${runs[0].dir}'s)`,
      );
    if (JSON.stringify(run.exercises) !== JSON.stringify(first.exercises))
      problems.push(`${dir} graded different exercises or different tests than ${runs[0].dir}`);
    if (JSON.stringify(classWide(run)) !== JSON.stringify(classWide(first)))
      problems.push(
        `${dir} read the submissions differently than ${runs[0].dir} (another --layout or --roster)`,
      );
  }
  const indices = runs.map(({ run }) => run.shard.index);
  for (let index = 1; index <= count; index++) {
    const holders = indices.filter((candidate) => candidate === index).length;
    if (holders === 0) problems.push(`shard ${index}/${count} is missing`);
    if (holders > 1) problems.push(`shard ${index}/${count} is given ${holders} times`);
  }
  for (const { dir, run } of runs) {
    const missing = missingJobs(dir, run);
    if (missing.length > 0)
      problems.push(
        `${dir} (shard ${run.shard.index}/${count}) is not finished: no result for ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}; run its grade command again`,
      );
  }
  if (problems.length > 0) throw new UsageError(`Cannot merge:\n  ${problems.join('\n  ')}`);

  const merged: RunRecord = {
    ...first,
    shard: { index: 1, count: 1 },
    students: runs.flatMap(({ run }) => run.students).sort(byCodeUnits),
    formats: [...new Set(runs.flatMap(({ run }) => run.formats))],
    ...(first.intake
      ? {
          intake: {
            ...first.intake,
            people: Object.assign({}, ...runs.map(({ run }) => run.intake?.people ?? {})),
          },
        }
      : {}),
    ...((exports ?? first.exports) ? { exports: exports ?? first.exports } : {}),
  };
  fs.mkdirSync(out, { recursive: true });
  for (const { dir, run } of runs) {
    if (path.resolve(dir) === path.resolve(out)) continue;
    for (const student of run.students)
      for (const exercise of run.exercises) {
        const target = jobFile(out, student, exercise.id);
        writeFileAtomic(target, fs.readFileSync(jobFile(dir, student, exercise.id), 'utf8'));
      }
  }
  writeRun(out, merged);
  return finalize(out, merged);
}

/** What every shard of one class read the same way: all of its intake but its own students. */
function classWide(run: RunRecord) {
  if (!run.intake) return undefined;
  const { people: _people, ...rest } = run.intake;
  return rest;
}
