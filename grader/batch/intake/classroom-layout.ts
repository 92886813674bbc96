import * as fs from 'fs';
import * as path from 'path';
import { ClassListing, isNoise, plural } from './listing';
import { byCodeUnits, Submission, SubmissionList } from './submissions';

/**
 * The assignment prefix GitHub Classroom puts before every login (`concurrency-lab-` of
 * `concurrency-lab-alice`): the longest prefix ending in `-` that every folder shares, leaving a
 * login behind. Undefined when there is none or fewer than two folders to compare.
 */
export function classroomPrefix(folders: string[]): string | undefined {
  if (folders.length < 2) return undefined;
  let prefix = folders[0];
  for (const name of folders) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  prefix = prefix.slice(0, prefix.lastIndexOf('-') + 1);
  if (!prefix || folders.some((name) => name.length === prefix.length)) return undefined;
  return prefix;
}

/** GitHub Classroom's clones, `<assignment>-<login>/`: student id = login. */
export function listClassroom(dir: string): ClassListing {
  const ignored: SubmissionList['ignored'] = [];
  const folders: string[] = [];
  for (const name of fs.readdirSync(dir).sort(byCodeUnits)) {
    if (isNoise(name)) continue;
    if (fs.statSync(path.join(dir, name)).isDirectory()) folders.push(name);
    else ignored.push({ name, reason: 'not a repository folder' });
  }
  const prefix = classroomPrefix(folders);
  const submissions: Submission[] = folders.map((name) => ({
    id: prefix ? name.slice(prefix.length) : name,
    path: path.join(dir, name),
    kind: 'folder',
  }));
  return {
    layout: 'classroom',
    decisions: [
      prefix
        ? `classroom: ${plural(folders.length, 'repository folder')} named ${prefix}<login>: id = GitHub login`
        : `classroom: ${plural(folders.length, 'repository folder')} with no common <assignment>- prefix: id = folder name`,
    ],
    submissions: submissions.sort((a, b) => byCodeUnits(a.id, b.id)),
    ignored,
  };
}
