import { diffLines } from 'diff';
import * as fs from 'fs';
import * as path from 'path';
import { solutionDir } from '../course/layout';
import type { Course, Exercise } from '../course/types';

/**
 * The line ranges (1-based, inclusive) of `solution` that are not in `starter`: the code a student
 * writes. Lines the starter already holds (types, the given helpers, error classes) are given.
 */
export function writtenRanges(starter: string, solution: string): [number, number][] {
  const ranges: [number, number][] = [];
  let line = 1;
  for (const part of diffLines(starter, solution)) {
    if (part.removed) continue;
    const count = part.count ?? 0;
    if (part.added && count > 0) {
      const last = ranges[ranges.length - 1];
      if (last && last[1] === line - 1) last[1] = line + count - 1;
      else ranges.push([line, line + count - 1]);
    }
    line += count;
  }
  return ranges;
}

/**
 * Stryker's `mutate` patterns for one exercise: what students write of each reference file (a file
 * with no starter is theirs whole). Mutating given code would score the tests on code no student
 * writes, and its survivors (a given error's name, the real clock for trying by hand) say nothing
 * about what the tests catch.
 */
export function mutatePatterns(course: Course, exercise: Exercise): string[] {
  const folder = solutionDir(course, exercise);
  const relative = path.relative(course.root, folder).split(path.sep).join('/');
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .flatMap((name) => {
      const starter = path.join(exercise.dir, name);
      if (!fs.existsSync(starter)) return [`${relative}/${name}`];
      const ranges = writtenRanges(
        fs.readFileSync(starter, 'utf8'),
        fs.readFileSync(path.join(folder, name), 'utf8'),
      );
      return ranges.map(([from, to]) => `${relative}/${name}:${from}-${to}`);
    });
}
