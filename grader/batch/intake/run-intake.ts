import type { RunIntake } from '../../result/gradebook';
import type { ClassListing } from './listing';
import type { Submission } from './submissions';

export function runIntake(listing: ClassListing, students: Submission[]): RunIntake {
  const people: RunIntake['people'] = {};
  for (const submission of students) {
    const person = {
      ...defined(submission.person ?? {}),
      ...(submission.late ? { late: true } : {}),
      ...(submission.roster ? { roster: submission.roster } : {}),
    };
    if (Object.keys(person).length > 0) people[submission.id] = person;
  }
  return {
    layout: listing.layout,
    decisions: listing.decisions,
    skipped: listing.ignored,
    unmatched: listing.submissions
      .filter((submission) => submission.roster === 'unmatched')
      .map((submission) => submission.id),
    people,
  };
}

const defined = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
