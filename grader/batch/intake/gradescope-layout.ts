import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { UsageError } from '../../user-error';
import { ClassListing, firstOfEachId, isNoise, plural } from './listing';
import { byCodeUnits, Submission, SubmissionList, unsafeId } from './submissions';

export const GRADESCOPE_METADATA = 'submission_metadata.yml';

interface Submitter {
  name?: string;
  sid?: string;
  email?: string;
}

/**
 * Gradescope's "Export Submissions": `submission_metadata.yml` (Ruby-symbol keys such as
 * `:submitters:`) and a `submission_<id>/` folder per submission. Each submitter is a student
 * (a group submission grades every member): id = student id (`:sid:`), else email.
 */
export function listGradescope(dir: string): ClassListing {
  const metadataFile = path.join(dir, GRADESCOPE_METADATA);
  let metadata: Record<string, unknown>;
  try {
    metadata = (parse(fs.readFileSync(metadataFile, 'utf8')) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`${metadataFile} could not be read (${(error as Error).message})`);
  }
  const ignored: SubmissionList['ignored'] = [];
  const found: { submission: Submission; from: string }[] = [];
  let unlisted = 0;
  for (const name of fs.readdirSync(dir).sort(byCodeUnits)) {
    if (isNoise(name) || name === GRADESCOPE_METADATA) continue;
    const full = path.join(dir, name);
    if (!/^submission_\d+$/.test(name) || !fs.statSync(full).isDirectory()) {
      ignored.push({ name, reason: 'not a submission_<id>/ folder of a Gradescope export' });
      continue;
    }
    const submitters = submittersOf(metadata[name]);
    if (submitters.length === 0) {
      // Graded under its folder's name rather than dropped: the instructor sees it and decides.
      unlisted++;
      found.push({ submission: { id: name, path: full, kind: 'folder' }, from: `${name}/` });
      continue;
    }
    for (const submitter of submitters) {
      const id = submitter.sid || submitter.email || name;
      const problem = unsafeId(id);
      if (problem) {
        ignored.push({ name: `${name}/`, reason: `its student id "${id}" ${problem}` });
        continue;
      }
      const person = Object.fromEntries(
        Object.entries({
          name: submitter.name,
          email: submitter.email,
          sis_id: submitter.sid,
        }).filter(([, value]) => value),
      );
      found.push({ submission: { id, path: full, kind: 'folder', person }, from: `${name}/` });
    }
  }
  const submissions = firstOfEachId(found, ignored).sort((a, b) => byCodeUnits(a.id, b.id));
  return {
    layout: 'gradescope',
    decisions: [
      `gradescope: ${GRADESCOPE_METADATA} and submission_<id>/ folders: ${plural(submissions.length, 'student')} by student id (sid, else email)${unlisted > 0 ? `; ${plural(unlisted, 'folder')} not in the metadata, graded under the folder's name` : ''}`,
    ],
    submissions,
    ignored,
  };
}

function submittersOf(entry: unknown): Submitter[] {
  const list = (entry as Record<string, unknown> | undefined)?.[':submitters'];
  if (!Array.isArray(list)) return [];
  return list.map((item: Record<string, unknown>) => {
    const text = (key: string) =>
      item?.[key] === undefined || item[key] === null ? undefined : String(item[key]).trim();
    return { name: text(':name'), sid: text(':sid'), email: text(':email') };
  });
}
