import * as fs from 'fs';
import * as path from 'path';
import { unzipSync } from 'fflate';
import { UsageError } from '../../user-error';
import { ClassListing, isNoise, plural } from './listing';
import { byCodeUnits, Submission, SubmissionList } from './submissions';

/** What Canvas's "Download Submissions" encodes in each file name. */
interface CanvasName {
  /** Canvas's squashed sortable name ("doejane"). */
  login: string;
  late: boolean;
  userId: string;
  submissionId: string;
  /** The name the student uploaded, with Canvas's `-N` resubmission suffix taken off. */
  original: string;
  /** N of the `-N` suffix (or of a browser's ` (N)`): the N-th copy of that file; 0 for the first. */
  copy: number;
  /** `original` without a browser's ` (N)`: copies of one file share it, and the latest wins. */
  sameAs: string;
}

// <login>_<userid>_<submissionid>_<name> or <login>_LATE_<userid>_<submissionid>_<name>; the
// login has no underscores (Canvas strips everything but letters and digits).
const CANVAS_NAME = /^([^_/]+)_(?:(LATE)_)?(\d+)_(\d+)_([^/]+)$/;
// Canvas renames a resubmitted lock.ts to lock-1.ts, then lock-2.ts: before the extension.
const COPY_SUFFIX = /^(.+)-(\d+)(\.[^.]+)?$/;
// A browser saves a second download of lock.ts as `lock (1).ts`, and students upload that.
export const BROWSER_COPY = /^(.+?) \((\d+)\)(\.[^.]+)?$/;

export function parseCanvasName(name: string): CanvasName | undefined {
  const match = CANVAS_NAME.exec(name);
  if (!match) return undefined;
  const [, login, late, userId, submissionId, stored] = match;
  const copy = COPY_SUFFIX.exec(stored);
  const original = copy ? copy[1] + (copy[3] ?? '') : stored;
  const browser = BROWSER_COPY.exec(original);
  return {
    login,
    late: late !== undefined,
    userId,
    submissionId,
    original,
    copy: Math.max(copy ? Number(copy[2]) : 0, browser ? Number(browser[2]) : 0),
    sameAs: browser ? browser[1] + (browser[3] ?? '') : original,
  };
}

/** Entry names of a zip, without inflating anything. */
export function zipEntryNames(file: string): string[] {
  const names: string[] = [];
  unzipSync(fs.readFileSync(file), {
    filter: (info) => {
      names.push(info.name);
      return false;
    },
  });
  return names;
}

/** How many of `names` Canvas made: what `auto` weighs. */
export const canvasNamed = (names: string[]) => names.filter((name) => parseCanvasName(name));

/**
 * A Canvas bulk download: the zip itself, or its files unpacked flat into one folder. Files are
 * grouped by user id; of several copies of one file the latest resubmission wins (highest `-N`,
 * then highest submission id), and the others are listed as skipped.
 */
export function listCanvas(where: string): ClassListing {
  const isZip = fs.statSync(where).isFile();
  let names: string[];
  if (isZip) {
    try {
      names = zipEntryNames(where);
    } catch (error) {
      throw new UsageError(
        `${where} could not be read as a Canvas download zip (${(error as Error).message})`,
      );
    }
  } else {
    names = fs
      .readdirSync(where, { withFileTypes: true })
      .filter((entry) => !entry.isDirectory())
      .map((entry) => entry.name);
  }
  const ignored: SubmissionList['ignored'] = [];
  const byUser = new Map<string, { parsed: CanvasName; stored: string }[]>();
  for (const name of names.sort(byCodeUnits)) {
    if (isNoise(name) || name.endsWith('/')) continue;
    const parsed = parseCanvasName(name);
    if (!parsed) {
      ignored.push({
        name,
        reason: 'not named <login>_<user id>_<submission id>_<file> as Canvas names submissions',
      });
      continue;
    }
    byUser.set(parsed.userId, [...(byUser.get(parsed.userId) ?? []), { parsed, stored: name }]);
  }
  if (!isZip)
    for (const entry of fs.readdirSync(where, { withFileTypes: true }))
      if (entry.isDirectory() && !isNoise(entry.name))
        ignored.push({ name: `${entry.name}/`, reason: 'a folder among Canvas files' });

  const submissions: Submission[] = [];
  let resubmitted = 0;
  for (const [userId, files] of byUser) {
    const latest = new Map<string, { parsed: CanvasName; stored: string }>();
    for (const file of files) {
      const current = latest.get(file.parsed.sameAs);
      if (!current || newer(file.parsed, current.parsed)) latest.set(file.parsed.sameAs, file);
    }
    for (const file of files) {
      const winner = latest.get(file.parsed.sameAs)!;
      if (winner === file) continue;
      resubmitted++;
      ignored.push({
        name: file.stored,
        reason: `an older copy of ${file.parsed.sameAs}: ${winner.stored} was submitted later`,
      });
    }
    const kept = [...latest.values()].sort((a, b) => byCodeUnits(a.stored, b.stored));
    const base = {
      id: userId,
      path: where,
      person: { name: kept[0].parsed.login },
      ...(kept.some((file) => file.parsed.late) ? { late: true } : {}),
    };
    if (kept.length === 1 && kept[0].parsed.original.toLowerCase().endsWith('.zip')) {
      // The student uploaded one zip of their work: it is their submission.
      if (isZip) {
        ignored.push({
          name: kept[0].stored,
          reason:
            'a zip inside the Canvas download: unzip the download into a folder and grade that folder',
        });
        continue;
      }
      submissions.push({ ...base, kind: 'zip', path: path.join(where, kept[0].stored) });
      continue;
    }
    submissions.push({
      ...base,
      kind: 'files',
      container: isZip ? 'zip' : 'folder',
      files: kept.map((file) => ({ name: file.parsed.original, stored: file.stored })),
    });
  }
  submissions.sort((a, b) => byCodeUnits(a.id, b.id));
  const canvasFiles = [...byUser.values()].reduce((sum, files) => sum + files.length, 0);
  const late = submissions.filter((submission) => submission.late).length;
  return {
    layout: 'canvas',
    decisions: [
      `canvas: ${plural(canvasFiles, 'file')} named <login>_<user id>_<submission id>_<file> ${isZip ? `in ${path.basename(where)}` : 'side by side'}: ${plural(submissions.length, 'student')} by user id (${late} late); ${resubmitted} older ${resubmitted === 1 ? 'copy' : 'copies'} of resubmitted files skipped`,
    ],
    submissions,
    ignored,
  };
}

const newer = (a: CanvasName, b: CanvasName) =>
  a.copy !== b.copy
    ? a.copy > b.copy
    : a.submissionId.length !== b.submissionId.length
      ? a.submissionId.length > b.submissionId.length
      : a.submissionId > b.submissionId;
