import * as path from 'path';
import { mergeShards } from '../batch/output/merge-shards';
import { renderIntake, renderSummary } from '../report/class-summary';
import { exportOptions, imports } from './grade';
import { EXIT, Io } from '../io';

export interface MergeOptions {
  dirs: string[];
  out: string;
  /** LMS import files; default: what the shards were graded with. */
  export?: string | string[];
  assignment?: string;
  moodleIdentifier?: string;
}

/** `grader merge <dirs...> --out <dir>`: one gradebook from the outputs of `grade --shard i/n`. */
export function merge(options: MergeOptions, io: Io): number {
  const out = path.resolve(options.out);
  const gradebook = mergeShards(
    options.dirs.map((dir) => path.resolve(dir)),
    out,
    exportOptions(options),
  );
  io.out(renderSummary(gradebook.summary));
  const intake = renderIntake(gradebook);
  if (intake) io.out(`\n${intake}`);
  io.out(
    `\nWrote ${path.join(out, 'gradebook.csv')}, gradebook.json${imports(gradebook)} and students/<id>/.\n`,
  );
  return EXIT.ok;
}
