import * as path from 'path';
import type { Exercise } from '../../course/types';
import { BROWSER_COPY, parseCanvasName } from './canvas-layout';

// Which file of a submission is which exercise file. A declared file is looked for where a student
// copy keeps it (`exercises/<folder>/<file>`), then at the top (`<folder>/<file>`), then on its own
// when no other graded exercise has a file of that name. Failing those, a file whose name is the
// declared one as LMSs and browsers mangle it (a browser's second download `lock (1).ts`, a
// resubmission's `lock-1.ts`, another case, a Canvas or Moodle prefix) is a near match: it is
// graded, and says so.

/** Where an exact match of `file` may lie, best first. */
export function exactPlaces(exercise: Exercise, file: string, uniqueNames: Set<string>): string[] {
  const places = [`exercises/${exercise.folder}/${file}`, `${exercise.folder}/${file}`];
  if (uniqueNames.has(file)) places.push(file);
  return places;
}

const MOODLE_FILE_PREFIX = /^.+_\d+_assignsubmission_file_(.+)$/;
const DASH_COPY = /^(.+)-(\d+)(\.[^.]+)?$/;

/** A file name with what LMSs and browsers add taken off, and what that was. */
export interface Unmangled {
  /** The name without them, in the case it was given. */
  base: string;
  /** `base` lowercased: what is compared. */
  key: string;
  /** The copy number a suffix gave (` (2)`, `-2`); 0 without one. */
  copy: number;
  /** What was taken off, in words ("a browser's copy suffix ` (1)`"). */
  changes: string[];
}

export function unmangle(name: string): Unmangled {
  const changes: string[] = [];
  let base = name;
  const moodle = MOODLE_FILE_PREFIX.exec(base);
  if (moodle) {
    base = moodle[1];
    changes.push('a Moodle prefix');
  }
  const canvas = parseCanvasName(base);
  let copy = 0;
  if (canvas) {
    changes.push('a Canvas prefix');
    base = canvas.original;
    if (canvas.original !== canvas.sameAs || canvas.copy === 0) copy = 0;
    else {
      copy = canvas.copy;
      changes.push(`Canvas's resubmission suffix -${canvas.copy}`);
    }
  }
  const browser = BROWSER_COPY.exec(base);
  if (browser) {
    base = browser[1] + (browser[3] ?? '');
    copy = Math.max(copy, Number(browser[2]));
    changes.push(`a browser's copy suffix " (${browser[2]})"`);
  } else if (!canvas) {
    const dash = DASH_COPY.exec(base);
    if (dash) {
      base = dash[1] + (dash[3] ?? '');
      copy = Math.max(copy, Number(dash[2]));
      changes.push(`a copy suffix -${dash[2]}`);
    }
  }
  return { base, key: base.toLowerCase(), copy, changes };
}

/** How one declared file was found in a submission. */
export interface Match {
  path: string;
  /** Set for a near match: why the name is taken as the declared one. */
  near?: string;
}

/**
 * The submission's file for `file` of `exercise`: an exact place first, else the near match with
 * the highest copy number (the latest download), or undefined.
 */
export function findFile(
  paths: readonly string[],
  exercise: Exercise,
  file: string,
  uniqueNames: Set<string>,
): Match | undefined {
  const listed = new Set(paths);
  const exact = exactPlaces(exercise, file, uniqueNames).find((place) => listed.has(place));
  if (exact) return { path: exact };
  const wanted = file.toLowerCase();
  const folders = new Set(
    [exercise.folder, `exercises/${exercise.folder}`].map((dir) => dir.toLowerCase()),
  );
  let best: ({ path: string } & Unmangled) | undefined;
  for (const candidate of paths) {
    const dir = path.posix.dirname(candidate);
    // As for an exact match: in the exercise's folder, or anywhere when no other graded
    // exercise has a file of that name.
    if (!folders.has(dir.toLowerCase()) && !uniqueNames.has(file)) continue;
    const name = unmangle(path.posix.basename(candidate));
    if (name.key !== wanted) continue;
    if (!best || name.copy > best.copy) best = { path: candidate, ...name };
  }
  if (!best) return undefined;
  const changes = [...best.changes];
  if (best.base !== file) changes.push('another case');
  return {
    path: best.path,
    near: `${best.path} graded as ${file} (a near match: ${changes.join(', ')})`,
  };
}

/** The declared file whose name is closest to `name` (edit distance, ignoring case). */
export function nearestExpected(
  name: string,
  exercises: readonly Exercise[],
): { exercise: Exercise; file: string } | undefined {
  const key = unmangle(name).key;
  let best: { exercise: Exercise; file: string; distance: number } | undefined;
  for (const exercise of exercises)
    for (const file of exercise.files) {
      const distance = editDistance(key, file.toLowerCase());
      if (!best || distance < best.distance) best = { exercise, file, distance };
    }
  return best && { exercise: best.exercise, file: best.file };
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length];
}
