import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../../user-error';
import { canvasNamed, listCanvas, zipEntryNames } from './canvas-layout';
import { classroomPrefix, listClassroom } from './classroom-layout';
import { GRADESCOPE_METADATA, listGradescope } from './gradescope-layout';
import type { LayoutName } from '../../result/gradebook';
import { ClassListing, isNoise, LAYOUTS, plural } from './listing';
import { isMoodleName, listMoodle } from './moodle-layout';
import { listSubmissions, unsafeId } from './submissions';

export type LayoutChoice = LayoutName | 'auto';

/**
 * The class in `where`, read as `choice` says, or as detected (`auto`). The listing says what was
 * decided and why, and lists every entry not graded.
 */
export function listClass(where: string, choice: LayoutChoice = 'auto'): ClassListing {
  if (choice !== 'auto' && !LAYOUTS.includes(choice))
    throw new UsageError(`--layout must be auto or one of ${LAYOUTS.join(', ')}; got "${choice}"`);
  const stat = fs.statSync(where, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`${where} is not a folder of submissions`);
  let listing: ClassListing;
  if (stat.isFile()) {
    // Only a Canvas download is one zip for the whole class.
    if (choice !== 'auto' && choice !== 'canvas')
      throw new UsageError(`${where} is a file; --layout ${choice} needs a folder of submissions`);
    if (!where.toLowerCase().endsWith('.zip'))
      throw new UsageError(`${where} is not a folder of submissions (nor a Canvas download zip)`);
    listing = listCanvas(where);
    listing.decisions.unshift(`${path.basename(where)} is a file: read as a Canvas download zip`);
  } else {
    const detected = choice === 'auto' ? detect(where) : undefined;
    const layout = detected?.layout ?? (choice as LayoutName);
    listing = read(layout, detected?.zip ?? where);
    listing.decisions.unshift(
      detected ? `--layout auto: ${detected.why}` : `--layout ${layout}, as asked`,
    );
  }
  listing.submissions = listing.submissions.filter((submission) => {
    const problem = unsafeId(submission.id);
    if (problem)
      listing.ignored.push({ name: submission.id, reason: `a student id that ${problem}` });
    return !problem;
  });
  return listing;
}

function read(layout: LayoutName, where: string): ClassListing {
  switch (layout) {
    case 'canvas':
      return listCanvas(loneCanvasZip(where) ?? where);
    case 'moodle':
      return listMoodle(where);
    case 'gradescope':
      return listGradescope(where);
    case 'classroom':
      return listClassroom(where);
    default: {
      const { submissions, ignored } = listSubmissions(where);
      return {
        layout: 'folders',
        decisions: [
          `folders: ${plural(submissions.length, 'student')}, one folder or .zip each, named by student id`,
        ],
        submissions,
        ignored,
      };
    }
  }
}

/** What the folder looks like: the export whose naming most of its entries follow. */
function detect(dir: string): { layout: LayoutName; why: string; zip?: string } {
  if (fs.existsSync(path.join(dir, GRADESCOPE_METADATA)))
    return { layout: 'gradescope', why: `found ${GRADESCOPE_METADATA}: a Gradescope export` };
  const entries = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !isNoise(entry.name));
  const isFolder = (name: string) =>
    fs.statSync(path.join(dir, name), { throwIfNoEntry: false })?.isDirectory() ?? false;
  const folders = entries.filter((entry) => isFolder(entry.name)).map((entry) => entry.name);
  const files = entries.filter((entry) => !isFolder(entry.name)).map((entry) => entry.name);
  const moodle = entries.filter((entry) => isMoodleName(entry.name)).length;
  if (moodle > 0 && moodle * 2 >= entries.length)
    return {
      layout: 'moodle',
      why: `${moodle} of ${plural(entries.length, 'entry', 'entries')} named <Full Name>_<id>_assignsubmission_...: a Moodle export`,
    };
  const canvas = canvasNamed(files).length;
  if (canvas > 0 && canvas * 2 >= entries.length)
    return {
      layout: 'canvas',
      why: `${canvas} of ${plural(entries.length, 'entry', 'entries')} named <login>_<user id>_<submission id>_<file>: a Canvas download, unpacked`,
    };
  if (folders.length === 0 && files.length === 1 && files[0].toLowerCase().endsWith('.zip')) {
    const zip = path.join(dir, files[0]);
    let names: string[] = [];
    try {
      names = zipEntryNames(zip).filter((name) => !name.endsWith('/') && !isNoise(name));
    } catch {
      // Not readable as a zip: graded as one student's zip, which says why.
    }
    const named = canvasNamed(names).length;
    if (named > 0 && named * 2 >= names.length)
      return {
        layout: 'canvas',
        zip,
        why: `${files[0]} is the only entry and ${named} of its ${plural(names.length, 'file')} are named <login>_<user id>_<submission id>_<file>: a Canvas download zip`,
      };
  }
  const prefix = classroomPrefix(folders);
  if (prefix)
    return {
      layout: 'classroom',
      why: `all ${plural(folders.length, 'folder')} are named ${prefix}<login>: GitHub Classroom clones`,
    };
  return {
    layout: 'folders',
    why: 'no LMS naming recognised: one folder or .zip per student',
  };
}

/** A folder holding a Canvas download zip and no unpacked Canvas files: the zip is the class. */
function loneCanvasZip(dir: string): string | undefined {
  if (!fs.statSync(dir).isDirectory()) return undefined;
  const names = fs.readdirSync(dir).filter((name) => !isNoise(name));
  if (canvasNamed(names).length > 0) return undefined;
  const zips = names.filter((name) => name.toLowerCase().endsWith('.zip'));
  return zips.length === 1 ? path.join(dir, zips[0]) : undefined;
}
