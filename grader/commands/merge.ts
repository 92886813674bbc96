import * as path from 'path';
import { mergeShards } from '../batch/merge-shards';
import { renderSummary } from '../batch/summary';
import { EXIT, Io } from './io';

export interface MergeOptions {
  dirs: string[];
  out: string;
}

/** `grader merge <dirs...> --out <dir>`: one gradebook from the outputs of `grade --shard i/n`. */
export function merge(options: MergeOptions, io: Io): number {
  const out = path.resolve(options.out);
  const gradebook = mergeShards(
    options.dirs.map((dir) => path.resolve(dir)),
    out,
  );
  io.out(renderSummary(gradebook.summary));
  io.out(`\nWrote ${path.join(out, 'gradebook.csv')}, gradebook.json and students/<id>/.\n`);
  return EXIT.ok;
}
