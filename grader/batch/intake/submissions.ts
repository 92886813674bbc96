import * as fs from 'fs';
import * as path from 'path';
import type { Person } from '../../result/gradebook';
import { UsageError } from '../../user-error';

/**
 * One student's work: a cloned repository, an unpacked export, a .zip, or (kind `files`) files an
 * LMS renamed and put side by side with everyone else's (Canvas), or nothing at all (kind `none`:
 * a roster student who submitted nothing).
 */
export interface Submission {
  /** The student's id in the gradebook (a folder's name without `.zip`, an LMS user id, ...). */
  id: string;
  /** Absolute path of the folder or the zip file (for `files`: the folder or zip holding them). */
  path: string;
  kind: 'folder' | 'zip' | 'files' | 'none';
  /** kind `files`: each file by its original name, and the name it is stored under in `path`. */
  files?: { name: string; stored: string }[];
  /** kind `files`: whether `path` is a folder or a zip. */
  container?: 'folder' | 'zip';
  /** What the export or the roster says about the student. */
  person?: Person;
  /** The LMS marked the submission late (Canvas). */
  late?: boolean;
  /** Set by --roster: `missing` on the roster with nothing submitted, `unmatched` not on it. */
  roster?: 'missing' | 'unmatched';
}

export interface SubmissionList {
  /** Sorted by id (code-unit order, the same on every machine). */
  submissions: Submission[];
  /** Entries that are not graded, with the reason (a stray file, a duplicate id). */
  ignored: { name: string; reason: string }[];
}

/** A student id becomes a folder name under <out>: it must be one plain path segment. */
export function unsafeId(id: string): string | undefined {
  if (id === '' || id.startsWith('.')) return 'is empty or starts with "."';
  if (/[\\/\u0000-\u001f]/.test(id)) return 'holds a slash or a control character';
  return undefined;
}

/**
 * The class: one entry per student. The instructor built this folder, so an entry that is itself
 * a symbolic link is followed; links inside a student's own files never are (see intake.ts).
 */
export function listSubmissions(dir: string): SubmissionList {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new UsageError(`${dir} is not a folder of submissions`);
  const submissions: Submission[] = [];
  const ignored: SubmissionList['ignored'] = [];
  const seen = new Map<string, string>();
  for (const name of fs.readdirSync(dir).sort(byCodeUnits)) {
    if (name.startsWith('.') || name === '__MACOSX') continue;
    const full = path.join(dir, name);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    let entry: Submission | undefined;
    if (stat?.isDirectory()) entry = { id: name, path: full, kind: 'folder' };
    else if (stat?.isFile() && name.toLowerCase().endsWith('.zip'))
      entry = { id: name.slice(0, -'.zip'.length), path: full, kind: 'zip' };
    if (!entry) {
      ignored.push({ name, reason: 'neither a folder nor a .zip' });
      continue;
    }
    const first = seen.get(entry.id);
    if (first !== undefined) {
      ignored.push({ name, reason: `${first} is already student "${entry.id}"` });
      continue;
    }
    seen.set(entry.id, name);
    submissions.push(entry);
  }
  submissions.sort((a, b) => byCodeUnits(a.id, b.id));
  return { submissions, ignored };
}

/** Locale-independent order, so every machine (and every shard) sorts the class the same way. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
