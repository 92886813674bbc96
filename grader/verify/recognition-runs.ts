import * as fs from 'fs';
import * as path from 'path';
import type { Course, Exercise } from '../course/types';
import type { ExerciseResult } from '../result/types';
import { runExercise } from '../run/run-exercise';
import { createWorkspace, writeStudentFiles } from '../run/workspace';
import { readVariants } from './variants';
import { verifyWrong } from './verify';

// The runs recognition is measured on (verify/recognition.ts scores them): each known-wrong
// solution once, and each held-out wrong submission once. Running only; every result is saved as
// it finishes, so a long measure stopped half-way keeps what it ran and a new scoring rule can be
// tried on the same runs without running them again.

/** One saved run: which exercise, which code, and how it failed. */
export interface SavedRun {
  exercise: string;
  name: string;
  result: ExerciseResult;
}

const savedPath = (dir: string, exercise: Exercise, name: string) =>
  path.join(dir, exercise.folder, `${name}.json`);

function save(dir: string, exercise: Exercise, name: string, result: ExerciseResult): void {
  const file = savedPath(dir, exercise, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ exercise: exercise.id, name, result }, null, 2));
}

/** Every run saved under dir for the exercise. */
export function readSavedRuns(dir: string, exercise: Exercise): SavedRun[] {
  const folder = path.join(dir, exercise.folder);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as SavedRun);
}

/** Runs each known-wrong solution of the exercise once (a saved run is not run again). */
export async function runVariants(course: Course, exercise: Exercise, dir: string): Promise<void> {
  const { variants } = readVariants(course, exercise);
  for (const variant of variants) {
    if (fs.existsSync(savedPath(dir, exercise, variant.name))) continue;
    const report = await verifyWrong(course, exercise, variant, 1);
    save(dir, exercise, variant.name, report.runs[0]);
  }
}

/**
 * Runs each held-out submission of the exercise once: `<root>/<exercise folder>/<case>/` holds a
 * case.json with kind "wrong" and the student files it changed; the others are the starter's, from
 * `<root>/_starters/<exercise folder>/`.
 */
export async function runHeldOut(exercise: Exercise, root: string, dir: string): Promise<void> {
  const cases = path.join(root, exercise.folder);
  if (!fs.existsSync(cases)) return;
  for (const name of fs.readdirSync(cases).sort()) {
    const caseDir = path.join(cases, name);
    const declaration = path.join(caseDir, 'case.json');
    if (!fs.existsSync(declaration)) continue;
    if ((JSON.parse(fs.readFileSync(declaration, 'utf8')) as { kind?: string }).kind !== 'wrong')
      continue;
    if (fs.existsSync(savedPath(dir, exercise, name))) continue;
    const files = heldOutFiles(exercise, root, name);
    const workspace = createWorkspace();
    try {
      writeStudentFiles(workspace, exercise, files);
      const result = await runExercise(
        exercise,
        { label: `held-out/${name}`, root: workspace.root },
        { repeat: { runs: 1 } },
      );
      save(dir, exercise, name, result);
    } finally {
      workspace.dispose();
    }
  }
}

/** A held-out case's student files: its own, and the starter's for those it did not change. */
export function heldOutFiles(
  exercise: Exercise,
  root: string,
  name: string,
): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of exercise.files) {
    const own = path.join(root, exercise.folder, name, file);
    const starter = path.join(root, '_starters', exercise.folder, file);
    files[file] = fs.readFileSync(fs.existsSync(own) ? own : starter, 'utf8');
  }
  return files;
}
