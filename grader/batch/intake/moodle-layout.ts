import * as fs from 'fs';
import * as path from 'path';
import { ClassListing, firstOfEachId, isNoise, plural } from './listing';
import { byCodeUnits, Submission, SubmissionList } from './submissions';

// Moodle's "Download all submissions": a folder per student and submission plugin,
// `<Full Name>_<participant id>_assignsubmission_<plugin>_`, or, with "Download submissions in
// folders" off, the files side by side as `<Full Name>_<participant id>_assignsubmission_file_<file>`.
const MOODLE_FOLDER = /^(.+)_(\d+)_assignsubmission_([a-z]+)_$/;
const MOODLE_FILE = /^(.+)_(\d+)_assignsubmission_file_(.+)$/;

export const isMoodleName = (name: string) => MOODLE_FOLDER.test(name) || MOODLE_FILE.test(name);

/** Student id = participant id; the full name is kept. Online-text folders are noted, not graded. */
export function listMoodle(dir: string): ClassListing {
  const ignored: SubmissionList['ignored'] = [];
  const found: { submission: Submission; from: string }[] = [];
  const flat = new Map<string, { name: string; files: { name: string; stored: string }[] }>();
  let onlinetext = 0;
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => byCodeUnits(a.name, b.name))) {
    if (isNoise(entry.name)) continue;
    const full = path.join(dir, entry.name);
    const isFolder = fs.statSync(full, { throwIfNoEntry: false })?.isDirectory() ?? false;
    const folder = isFolder ? MOODLE_FOLDER.exec(entry.name) : null;
    if (folder) {
      const [, name, id, plugin] = folder;
      if (plugin !== 'file') {
        if (plugin === 'onlinetext') onlinetext++;
        ignored.push({
          name: `${entry.name}/`,
          reason: `Moodle ${plugin} submission (text typed into Moodle, not files): not graded`,
        });
        continue;
      }
      found.push({ submission: studentFolder(full, id, name), from: `${entry.name}/` });
      continue;
    }
    const file = isFolder ? null : MOODLE_FILE.exec(entry.name);
    if (file) {
      const [, name, id, original] = file;
      const student = flat.get(id) ?? { name, files: [] };
      student.files.push({ name: original, stored: entry.name });
      flat.set(id, student);
      continue;
    }
    ignored.push({
      name: entry.name,
      reason: 'not named <Full Name>_<participant id>_assignsubmission_file_ as Moodle names them',
    });
  }
  for (const [id, student] of flat)
    found.push({
      submission: {
        id,
        path: dir,
        kind: 'files',
        container: 'folder',
        files: student.files,
        person: { name: student.name },
      },
      from: student.files[0].stored,
    });
  const submissions = firstOfEachId(found, ignored).sort((a, b) => byCodeUnits(a.id, b.id));
  return {
    layout: 'moodle',
    decisions: [
      `moodle: ${plural(submissions.length, 'student')} by participant id from <Full Name>_<participant id>_assignsubmission_file_ ${flat.size > 0 ? 'files' : 'folders'}${onlinetext > 0 ? `; ${plural(onlinetext, 'online text folder')} not graded (only files are)` : ''}`,
    ],
    submissions,
    ignored,
  };
}

/** A student's file folder; one zip alone in it (the student uploaded their work zipped) is used. */
function studentFolder(full: string, id: string, name: string): Submission {
  const inside = fs.readdirSync(full).filter((entry) => !isNoise(entry));
  const only = inside.length === 1 ? path.join(full, inside[0]) : undefined;
  if (only && inside[0].toLowerCase().endsWith('.zip') && fs.statSync(only).isFile())
    return { id, path: only, kind: 'zip', person: { name } };
  return { id, path: full, kind: 'folder', person: { name } };
}
