import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { exercisesDir } from '../course/layout';
import type { Exercise } from '../course/types';
import { graderRoot, stateDir } from '../paths';
import { mergeRuns } from '../result/merge-runs';
import { ExerciseResult, ResultDocument, summarize } from '../result/types';
import { schemaProblems, writeValidJson } from '../schemas';

// The student's progress: the last check of each exercise, merged with earlier checks of the same
// code, kept under .grader/results/ for `status`, `list`, `hint` and the "Next:" line.

/** Which course, and where the student's progress in it is kept (tests use a fixture course). */
export interface Place {
  /** The course repository (default: this one). */
  course?: string;
  /** Where results and hints seen are kept (default: `<course>/.grader`). */
  stateDir?: string;
}

const stateDirOf = (place: Place) => place.stateDir ?? stateDir(place.course);

/** Where the last result of each exercise is kept, for `grader status`. */
export const lastResultPath = (id: string, place: Place = {}) =>
  path.join(stateDirOf(place), 'results', `${id}.json`);

/**
 * Where a check keeps its record. A check of another folder (`--subject solutions`, a student's
 * submission) keeps one of its own, apart from the student's progress in exercises/, so that
 * `status` and "Next:" speak only of the student's own work.
 */
export function placeOf(options: Place & { subject?: string }, root: string): Place {
  if (options.stateDir !== undefined || options.subject === undefined) return options;
  const course = options.course ?? graderRoot;
  if (root === path.resolve(exercisesDir(course))) return options;
  const key = createHash('sha256').update(root).digest('hex').slice(0, 16);
  return { course: options.course, stateDir: path.join(stateDir(course), 'subjects', key) };
}

/**
 * Keeps the result for `status`, merged with earlier checks of the same code: a pass does not
 * wipe out a failure the same files had before (a race that lost once is still a race).
 * Returns what was kept.
 */
export function recordRuns(
  id: string,
  label: string,
  current: ExerciseResult,
  place: Place,
): ExerciseResult {
  const previous = lastResult(id, place);
  const sameCode =
    previous !== undefined &&
    previous.source_sha256 === current.source_sha256 &&
    testNames(previous) === testNames(current);
  const kept = sameCode ? mergeRuns([previous, current]) : current;
  writeValidJson('result', lastResultPath(id, place), summarize(label, [kept]));
  return kept;
}

const testNames = (result: ExerciseResult) => result.tests.map((test) => test.name).join('\n');

/** sha256 of the exercise's student files as they are now (a missing file hashes as absent). */
export function sourceHash(exercise: Exercise, root: string): string {
  const hash = createHash('sha256');
  for (const file of [...exercise.files].sort()) {
    const full = path.join(root, exercise.folder, file);
    hash.update(`${file}\0`);
    hash.update(fs.existsSync(full) ? fs.readFileSync(full) : '\0absent');
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function readLastResult(id: string, place: Place = {}): ResultDocument | undefined {
  const file = lastResultPath(id, place);
  if (!fs.existsSync(file)) return undefined;
  // A kept result that is damaged or from an older grader is as good as no check at all.
  try {
    const document: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return schemaProblems('result', document, file).length === 0
      ? (document as ResultDocument)
      : undefined;
  } catch {
    return undefined;
  }
}

export const lastResult = (id: string, place: Place) => readLastResult(id, place)?.exercises[0];
