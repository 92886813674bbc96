import * as fs from 'fs';
import * as path from 'path';
import type { Course, Exercise } from '../../course/types';
import { findFile, nearestExpected, unmangle } from './file-match';
import { uniqueFileNames } from './intake';
import { plural } from './listing';
import type { SubmissionFiles } from './source';
import type { Submission, SubmissionList } from './submissions';

// Before any job runs, every file of every submission is accounted for: taken as an exercise's
// file, or listed as not graded with the reason and the nearest expected name. The same look
// decides which exercises to grade by default: those some submission has a file of. A Canvas
// download of one assignment is then graded as that assignment, not as the whole course.

export interface ClassFiles {
  /** The exercises to grade, in course order. */
  graded: Exercise[];
  /** Sentences for the intake's decisions: what was left out and why, each near match. */
  decisions: string[];
  /** Files not graded, with the reason (for the intake's skipped list). */
  skipped: SubmissionList['ignored'];
}

export function surveyClass(
  submissions: readonly Submission[],
  open: (submission: Submission) => SubmissionFiles,
  course: Course,
  /** The exercises named with --exercises; undefined to grade what was submitted. */
  named: Exercise[] | undefined,
): ClassFiles {
  const listings: { submission: Submission; paths: string[] }[] = [];
  for (const submission of submissions) {
    if (submission.kind === 'none') continue;
    try {
      listings.push({ submission, paths: open(submission).list() });
    } catch {
      // Unreadable: its jobs fail with the reason, where they are graded.
    }
  }
  const everyName = uniqueFileNames(course.exercises);
  const touched = course.exercises.filter((exercise) =>
    listings.some(({ paths }) =>
      exercise.files.some((file) => findFile(paths, exercise, file, everyName)),
    ),
  );
  const decisions: string[] = [];
  let graded = named ?? touched;
  if (!named) {
    const untouched = course.exercises.filter((exercise) => !touched.includes(exercise));
    if (touched.length === 0) {
      graded = course.exercises;
      decisions.push(
        "no submission contains any exercise's files: every exercise is graded (all will be not submitted)",
      );
    } else if (untouched.length > 0) {
      const their = untouched.length === 1 ? 'its' : 'their';
      decisions.push(
        `${idRanges(untouched, course.exercises)}: no submission contains ${their} files; not graded (name them with --exercises to grade them anyway)`,
      );
    }
  }

  const skipped: ClassFiles['skipped'] = [];
  const uniqueNames = uniqueFileNames(graded);
  let courseFiles = 0;
  const withCourseFiles = new Set<string>();
  for (const { submission, paths } of listings) {
    const claimed = new Map<string, string>();
    for (const exercise of graded)
      for (const file of exercise.files) {
        const match = findFile(paths, exercise, file, uniqueNames);
        if (!match) continue;
        claimed.set(match.path, file);
        if (match.near) decisions.push(`${submission.id}: ${match.near}`);
      }
    const shown = (file: string) =>
      submission.files?.find((each) => each.name === file)?.stored ?? `${submission.id}/${file}`;
    for (const file of paths) {
      if (claimed.has(file)) continue;
      const other = course.exercises.find(
        (exercise) =>
          !graded.includes(exercise) &&
          exercise.files.some((name) => findFile([file], exercise, name, everyName)),
      );
      if (other) {
        skipped.push({
          name: shown(file),
          reason: `a file of ${other.id}, which is not graded in this run`,
        });
        continue;
      }
      if (isCourseFile(course, file)) {
        courseFiles++;
        withCourseFiles.add(submission.id);
        continue;
      }
      const key = unmangle(path.posix.basename(file)).key;
      const copyOf = [...claimed].find(([, name]) => name.toLowerCase() === key);
      if (copyOf) {
        skipped.push({
          name: shown(file),
          reason: `another copy of ${copyOf[1]}: ${copyOf[0]} was graded`,
        });
        continue;
      }
      const nearest = nearestExpected(path.posix.basename(file), graded);
      skipped.push({
        name: shown(file),
        reason: `matches no exercise file${nearest ? ` (nearest expected name: ${nearest.file}, ${nearest.exercise.id})` : ''}`,
      });
    }
  }
  if (courseFiles > 0)
    decisions.push(
      `${plural(courseFiles, 'file')} in ${plural(withCourseFiles.size, 'submission')} the course itself provides (tests, README, configuration): always taken from the course, never from a submission`,
    );
  return { graded, decisions, skipped };
}

/** A file the course repository has at the same path: never taken from a student. */
const isCourseFile = (course: Course, file: string) =>
  fs.existsSync(path.join(course.root, ...file.split('/')));

/** "ex02-ex07", or "ex02, ex05" when they are not consecutive in the course. */
export function idRanges(chosen: readonly Exercise[], all: readonly Exercise[]): string {
  const runs: Exercise[][] = [];
  for (const exercise of chosen) {
    const last = runs.at(-1);
    if (last && all.indexOf(last.at(-1)!) === all.indexOf(exercise) - 1) last.push(exercise);
    else runs.push([exercise]);
  }
  return runs
    .map((run) => (run.length === 1 ? run[0].id : `${run[0].id}-${run.at(-1)!.id}`))
    .join(', ');
}
