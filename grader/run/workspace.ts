import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Exercise } from '../course/types';

/** A temporary subject root, laid out like exercises/: `<root>/<exercise folder>/<file>.ts`. */
export interface Workspace {
  root: string;
  dispose(): void;
}

export function createWorkspace(prefix = 'grader-subject-'): Workspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { root, dispose: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Copies the exercise's student files found in `fromDir` into the workspace; returns those copied. */
export function placeStudentFiles(
  workspace: Workspace,
  exercise: Exercise,
  fromDir: string,
): string[] {
  const target = path.join(workspace.root, exercise.folder);
  fs.mkdirSync(target, { recursive: true });
  const copied: string[] = [];
  for (const file of exercise.files) {
    const source = path.join(fromDir, file);
    if (!fs.existsSync(source)) continue;
    fs.copyFileSync(source, path.join(target, file));
    copied.push(file);
  }
  return copied;
}

/** Writes student files given as text (a known-wrong solution, built from the solution and a diff). */
export function writeStudentFiles(
  workspace: Workspace,
  exercise: Exercise,
  files: Record<string, string>,
): void {
  const target = path.join(workspace.root, exercise.folder);
  fs.mkdirSync(target, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(target, file), text);
}
