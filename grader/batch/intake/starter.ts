import * as fs from 'fs';
import * as path from 'path';
import type { Exercise } from '../../course/types';
import type { Intake } from './intake';

/**
 * Whether what was taken is the starter as handed out, byte for byte: a student who has not begun
 * the exercise (or uploaded the wrong copy). It is graded as it is, and flagged `unchanged`, so an
 * untouched file is never mistaken for an attempt that failed.
 */
export function isUnchangedStarter(exercise: Exercise, intake: Intake): boolean {
  if (!intake.submitted || intake.contents.size === 0) return false;
  return exercise.files.every((file) => {
    const starter = path.join(exercise.dir, file);
    const taken = intake.contents.get(file);
    return taken !== undefined && fs.existsSync(starter) && taken.equals(fs.readFileSync(starter));
  });
}
