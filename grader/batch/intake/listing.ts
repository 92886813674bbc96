import type { LayoutName } from '../../result/gradebook';
import type { Submission, SubmissionList } from './submissions';

export const LAYOUTS: readonly LayoutName[] = [
  'folders',
  'canvas',
  'moodle',
  'gradescope',
  'classroom',
];

/**
 * The class as one layout reads it. `decisions` are sentences saying what was recognised and
 * why; `ignored` is every entry (or file inside one) that is not graded, with the reason.
 */
export interface ClassListing extends SubmissionList {
  layout: LayoutName;
  decisions: string[];
}

/** Names the tools put next to the work: never a student, never worth a line. */
export const isNoise = (name: string) => name.startsWith('.') || name === '__MACOSX';

export const plural = (count: number, word: string, words = `${word}s`) =>
  `${count} ${count === 1 ? word : words}`;

/** Keeps the first submission of each id; later ones are ignored with the reason. */
export function firstOfEachId(
  entries: { submission: Submission; from: string }[],
  ignored: SubmissionList['ignored'],
): Submission[] {
  const seen = new Map<string, string>();
  const kept: Submission[] = [];
  for (const { submission, from } of entries) {
    const first = seen.get(submission.id);
    if (first !== undefined) {
      ignored.push({ name: from, reason: `${first} is already student "${submission.id}"` });
      continue;
    }
    seen.set(submission.id, from);
    kept.push(submission);
  }
  return kept;
}
