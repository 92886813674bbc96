import type { GradebookRow, IntakeReport } from './gradebook';
import type { ClassListing } from './layout';
import type { Person, Submission } from './submissions';

/** What run.json keeps of the class listing: the same in every shard, apart from `people`. */
export interface RunIntake extends IntakeReport {
  /** This shard's students that the export or the roster says something about, by id. */
  people: Record<string, Person & Pick<GradebookRow, 'late' | 'roster'>>;
}

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
