import * as fs from 'fs';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../../user-error';
import { ClassListing, plural } from './listing';
import type { Person } from '../../result/gradebook';
import { byCodeUnits, Submission, unsafeId } from './submissions';

interface RosterEntry extends Person {
  /** The student's id in the gradebook. */
  id: string;
}

type Field = keyof RosterEntry;

// Column headers, compared lowercased with spaces and dashes as underscores. Besides the plain
// names, the headers of Canvas's and Moodle's own gradebook exports, so either can be the roster.
const HEADERS: Record<string, Field> = {
  id: 'id',
  identifier: 'id',
  user_id: 'id',
  student_id: 'id',
  name: 'name',
  student: 'name',
  full_name: 'name',
  email: 'email',
  email_address: 'email',
  sis_id: 'sis_id',
  sis_user_id: 'sis_id',
  id_number: 'sis_id',
  login: 'login',
  sis_login_id: 'login',
  username: 'login',
  section: 'section',
};

/**
 * `--roster roster.csv`: one student a row, columns found by their header (id, name, email,
 * sis_id, login, section; other columns are ignored). A row's id is its id column, else its
 * sis_id, login or email. Rows the LMS adds (Canvas's "Points Possible") are skipped silently;
 * other rows with no id are skipped and listed.
 */
export function readRoster(
  file: string,
  name = file,
): { entries: RosterEntry[]; skipped: string[] } {
  let rows: string[][];
  try {
    rows = parse(fs.readFileSync(file), { bom: true, relax_column_count: true, trim: true });
  } catch (error) {
    throw new UsageError(`--roster ${file} could not be read as CSV (${(error as Error).message})`);
  }
  const header = rows[0] ?? [];
  const columns = new Map<Field, number>();
  header.forEach((title, index) => {
    const field = HEADERS[title.toLowerCase().replace(/[\s-]+/g, '_')];
    if (field && !columns.has(field)) columns.set(field, index);
  });
  if (!['id', 'sis_id', 'login', 'email'].some((field) => columns.has(field as Field)))
    throw new UsageError(
      `--roster ${file} has no id column: its header must name one of id, sis_id, login, email (found: ${header.join(', ')})`,
    );
  const entries: RosterEntry[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  rows.slice(1).forEach((row, index) => {
    const value = (field: Field) => {
      const at = columns.get(field);
      return at === undefined ? '' : (row[at] ?? '').trim();
    };
    // Moodle's grading worksheet says "Participant 123" where its download says 123.
    const id = (value('id') || value('sis_id') || value('login') || value('email')).replace(
      /^Participant\s+/i,
      '',
    );
    const line = `${name} line ${index + 2}`;
    if (isLmsRow(row, value('name'))) return;
    if (!id) {
      if (row.some((cell) => cell.trim())) skipped.push(`${line}: no student id`);
      return;
    }
    const problem = unsafeId(id);
    if (problem) throw new UsageError(`${line}: the student id "${id}" ${problem}`);
    if (seen.has(id)) throw new UsageError(`${line}: student id "${id}" is on the roster twice`);
    seen.add(id);
    const entry: RosterEntry = { id };
    for (const field of ['name', 'email', 'sis_id', 'login', 'section'] as const)
      if (value(field)) entry[field] = value(field);
    entries.push(entry);
  });
  return { entries, skipped };
}

// Rows an LMS's gradebook export adds that are not students: Canvas's "Points Possible" row
// and the "Manual Posting" (formerly "Muted") and "read only" row under it, and its Student View
// user ("Student, Test"); the average and range rows of a Moodle grader report.
const LMS_LABELS =
  /^(points possible|manual posting|muted|\(?read only\)?|overall average|range)$/i;
const TEST_STUDENT = /^(test student|student, test)$/i;

/** Whether a roster row is one the LMS adds, not a student: skipped without a word. */
function isLmsRow(row: string[], name: string): boolean {
  if (TEST_STUDENT.test(name)) return true;
  // Labels and numbers only (a student row has a name or an email): a label may sit in any column.
  const cells = row.map((cell) => cell.trim()).filter(Boolean);
  return (
    cells.some((cell) => LMS_LABELS.test(cell)) &&
    cells.every((cell) => LMS_LABELS.test(cell) || /^[\d.,%-]+$/.test(cell))
  );
}

/**
 * Matches each submission to a roster student by the submission's id against the roster's id,
 * sis_id, login or email (in that order; email ignoring case). A matched submission takes the
 * roster id and details; roster students with no submission join the class with nothing
 * submitted (`missing`); submissions with no match stay, marked `unmatched`.
 */
export function applyRoster(listing: ClassListing, roster: RosterEntry[], file: string): void {
  const index = new Map<string, RosterEntry>();
  for (const field of ['email', 'login', 'sis_id', 'id'] as const)
    for (const entry of roster) {
      const key = entry[field];
      if (key) index.set(field === 'email' ? key.toLowerCase() : key, entry);
    }
  const claimed = new Map<string, string>();
  const kept: Submission[] = [];
  for (const submission of listing.submissions) {
    const keys = [submission.id, submission.person?.email, submission.person?.sis_id];
    const entry = keys
      .filter((key): key is string => Boolean(key))
      .map((key) => index.get(key) ?? index.get(key.toLowerCase()))
      .find(Boolean);
    if (!entry) {
      kept.push({ ...submission, roster: 'unmatched' });
      continue;
    }
    const first = claimed.get(entry.id);
    if (first !== undefined) {
      listing.ignored.push({
        name: submission.id,
        reason: `matches roster student "${entry.id}", who already has submission "${first}"`,
      });
      continue;
    }
    claimed.set(entry.id, submission.id);
    const { id, ...person } = entry;
    kept.push({ ...submission, id, person: { ...submission.person, ...person } });
  }
  const missing = roster.filter((entry) => !claimed.has(entry.id));
  for (const { id, ...person } of missing)
    kept.push({ id, path: '', kind: 'none', person, roster: 'missing' });
  const unmatched = kept.filter((submission) => submission.roster === 'unmatched').length;
  listing.submissions = kept.sort((a, b) => byCodeUnits(a.id, b.id));
  listing.decisions.push(
    `--roster ${file}: ${plural(roster.length, 'student')}; ${claimed.size} matched a submission, ${missing.length} submitted nothing (missing), ${plural(unmatched, 'submission')} not on the roster (unmatched)`,
  );
}
