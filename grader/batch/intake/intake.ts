import type { Exercise } from '../../course/types';
import type { IntakeFile } from '../../result/gradebook';
import { folderFiles } from './folder-source';
import { renamedFiles, withCanvasNames } from './renamed-source';
import { exactPlaces, findFile } from './file-match';
import { Found, Limits, SubmissionFiles } from './source';
import type { Submission } from './submissions';
import { zipFiles } from './zip-source';

/** What one exercise takes from one submission: only the files its manifest declares. */
export interface Intake {
  /** false when a declared file is missing or refused: the exercise is not submitted. */
  submitted: boolean;
  files: IntakeFile[];
  /** The content of each taken file, by its declared name. */
  contents: Map<string, Buffer>;
}

export function openSubmission(
  submission: Submission,
  limits: Limits,
  layoutNames: Set<string>,
): SubmissionFiles {
  switch (submission.kind) {
    case 'zip':
      return zipFiles(submission.path, limits, layoutNames);
    case 'files':
      return renamedFiles(submission, limits);
    case 'none':
      return { nothing: true, list: () => [], read: () => ({ kind: 'absent' }) };
    default:
      return withCanvasNames(folderFiles(submission.path, limits, layoutNames), submission.path);
  }
}

/**
 * Looks for each declared file where a student copy keeps it (`exercises/<folder>/<file>`), then
 * at the top (`<folder>/<file>`), then, when no other graded exercise has a file of that name, on
 * its own (a Gradescope upload of just the file). The first place that has something decides.
 */
export function takeStudentFiles(
  files: SubmissionFiles,
  exercise: Exercise,
  uniqueNames: Set<string>,
): Intake {
  const taken: IntakeFile[] = [];
  const contents = new Map<string, Buffer>();
  if (files.nothing) {
    const reason = 'nothing was submitted (on the roster, no submission found)';
    return {
      submitted: false,
      files: exercise.files.map((file) => ({ file, status: 'missing' as const, reason })),
      contents,
    };
  }
  let listed: string[] | undefined;
  for (const file of exercise.files) {
    const places = exactPlaces(exercise, file, uniqueNames);
    let decided: IntakeFile | undefined;
    for (const place of places) {
      const found = files.read(place);
      if (found.kind === 'absent') continue;
      decided = decide(file, found, contents);
      break;
    }
    if (!decided) {
      // Not where it belongs: a name as an LMS or a browser mangled it is taken, and says so.
      const near = findFile((listed ??= files.list()), exercise, file, uniqueNames);
      const found = near ? files.read(near.path) : undefined;
      if (found && found.kind !== 'absent')
        decided = { ...decide(file, found, contents), note: near!.near };
    }
    taken.push(
      decided ?? {
        file,
        status: 'missing',
        reason: `${file} not found (looked for ${places.join(', ')})`,
      },
    );
  }
  return { submitted: taken.every((file) => file.status === 'taken'), files: taken, contents };
}

function decide(
  file: string,
  found: Exclude<Found, { kind: 'absent' }>,
  contents: Map<string, Buffer>,
): IntakeFile {
  if (found.kind === 'refused')
    return { file, status: 'refused', from: found.from || undefined, reason: found.reason };
  const problem = contentProblem(found.data);
  if (problem)
    return { file, status: 'refused', from: found.from, reason: `${found.from} ${problem}` };
  contents.set(file, found.data);
  return { file, status: 'taken', from: found.from };
}

/** Source code is text: NUL bytes or invalid UTF-8 mean an upload went wrong (binary junk). */
function contentProblem(data: Buffer): string | undefined {
  if (data.includes(0)) return 'is binary, not TypeScript source';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return 'is not UTF-8 text';
  }
  return undefined;
}

/** The sentence a student reads for an exercise that was not submitted. */
export function notSubmittedReason(intake: Intake): string {
  const problems = intake.files.filter((file) => file.status !== 'taken');
  return `not submitted: ${problems.map((file) => file.reason ?? file.file).join('; ')}`;
}

/** Declared file names that belong to exactly one of the exercises graded. */
export function uniqueFileNames(exercises: Exercise[]): Set<string> {
  const counts = new Map<string, number>();
  for (const exercise of exercises)
    for (const file of exercise.files) counts.set(file, (counts.get(file) ?? 0) + 1);
  return new Set([...counts].filter(([, count]) => count === 1).map(([file]) => file));
}
