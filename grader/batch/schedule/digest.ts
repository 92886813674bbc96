import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { hiddenTestsDir, visibleTestsDir } from '../../course/layout';
import type { Exercise } from '../../course/types';
import type { Intake } from '../intake/intake';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The manifest and every test file: change a hidden test and every job of the exercise is stale. */
export function exerciseDigest(exercise: Exercise): string {
  const hash = createHash('sha256').update(fs.readFileSync(exercise.manifestPath));
  for (const dir of [visibleTestsDir(exercise.dir), hiddenTestsDir(exercise.dir)]) {
    for (const file of filesUnder(dir)) {
      hash.update(`\0${path.relative(exercise.dir, file).split(path.sep).join('/')}\0`);
      hash.update(fs.readFileSync(file));
    }
  }
  return hash.digest('hex');
}

/**
 * Everything a job's verdict depends on: the exercise and what was taken from the submission (or
 * why not). Where a file was found does not count; its content does.
 */
export function jobDigest(exercise: string, intake: Intake): string {
  return sha256(
    JSON.stringify({
      exercise,
      files: intake.files.map((file) => ({
        file: file.file,
        status: file.status,
        reason: file.reason,
        content: intake.contents.has(file.file) ? sha256(intake.contents.get(file.file)!) : null,
      })),
    }),
  );
}

export function rosterDigest(students: string[]): string {
  return sha256(JSON.stringify(students));
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) =>
      entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    );
}
