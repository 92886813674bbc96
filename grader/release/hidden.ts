import * as fs from 'fs';
import * as path from 'path';
import { exercisesDir, manifestPath } from '../course/layout';
import { isArchive, listFiles, readArchive } from './archive';

/**
 * Hidden tests supplied to a CI run (`grader ci --hidden <path>` or GRADER_HIDDEN_TESTS): a folder
 * or a .tar.gz / .zip of one, laid out either as the instructor's repository
 * (`exercises/<folder>/...`) or as `<folder>/...` (what `grader release --hidden-bundle` writes).
 *
 * For each exercise of this course found there, the instructor's `exercise.json` (the manifest
 * with the hidden tests' real names), `tests/` and `hidden/` are put in place; the student's own
 * files are never touched, and `solutions/` is never read. `restore()` puts back every file it
 * replaced and removes every file and folder it added.
 */
interface HiddenOverlay {
  /** Exercise folders that received files. */
  exercises: string[];
  /** Files written. */
  files: number;
  restore(): void;
}

interface Incoming {
  folder: string;
  /** Path inside the exercise folder, forward slashes: exercise.json, tests/..., hidden/... */
  rest: string;
  read(): Buffer;
}

const TAKEN = (rest: string) =>
  rest === 'exercise.json' || rest.startsWith('tests/') || rest.startsWith('hidden/');

export function overlayHidden(source: string, root: string): HiddenOverlay {
  const resolved = path.resolve(source);
  if (!fs.existsSync(resolved))
    throw new Error(`hidden tests: ${source} does not exist (give a folder, .tar.gz or .zip)`);
  const folders = fs.existsSync(exercisesDir(root))
    ? fs
        .readdirSync(exercisesDir(root), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
    : [];
  const incoming = fs.statSync(resolved).isDirectory()
    ? fromFolder(resolved, folders)
    : fromArchive(resolved, folders);
  const protectedFiles = new Map(folders.map((folder) => [folder, studentFiles(root, folder)]));
  const wanted = incoming.filter(
    (file) => TAKEN(file.rest) && !protectedFiles.get(file.folder)?.has(file.rest),
  );
  if (!wanted.some((file) => file.rest.startsWith('hidden/')))
    throw new Error(
      `hidden tests: ${source} holds no hidden/ folder for any exercise of this course (${folders.join(', ')})`,
    );

  const replaced = new Map<string, Buffer>();
  const added: string[] = [];
  const createdDirs: string[] = [];
  const restore = () => {
    for (const file of added) fs.rmSync(file, { force: true });
    for (const [file, data] of replaced) fs.writeFileSync(file, data);
    for (const dir of createdDirs.reverse()) {
      if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
    }
  };
  try {
    for (const file of wanted) {
      const target = path.join(exercisesDir(root), file.folder, ...file.rest.split('/'));
      let dir = path.dirname(target);
      const missing: string[] = [];
      while (!fs.existsSync(dir)) {
        missing.unshift(dir);
        dir = path.dirname(dir);
      }
      for (const created of missing) {
        fs.mkdirSync(created);
        createdDirs.push(created);
      }
      if (fs.existsSync(target)) {
        if (!replaced.has(target)) replaced.set(target, fs.readFileSync(target));
      } else added.push(target);
      fs.writeFileSync(target, file.read());
    }
  } catch (error) {
    restore();
    throw error;
  }
  return {
    exercises: [...new Set(wanted.map((file) => file.folder))].sort(),
    files: wanted.length,
    restore,
  };
}

function fromFolder(dir: string, folders: string[]): Incoming[] {
  const base = fs.existsSync(path.join(dir, 'exercises')) ? path.join(dir, 'exercises') : dir;
  const found: Incoming[] = [];
  for (const folder of folders) {
    const exerciseDir = path.join(base, folder);
    if (!fs.existsSync(exerciseDir)) continue;
    const candidates = ['exercise.json'].filter((name) =>
      fs.existsSync(path.join(exerciseDir, name)),
    );
    for (const sub of ['tests', 'hidden']) {
      if (fs.existsSync(path.join(exerciseDir, sub)))
        candidates.push(...listFiles(path.join(exerciseDir, sub)).map((file) => `${sub}/${file}`));
    }
    for (const rest of candidates) {
      found.push({
        folder,
        rest,
        read: () => fs.readFileSync(path.join(exerciseDir, ...rest.split('/'))),
      });
    }
  }
  return found;
}

function fromArchive(file: string, folders: string[]): Incoming[] {
  if (!isArchive(file))
    throw new Error(`hidden tests: ${file} is neither a folder nor a .tar.gz, .tgz or .zip`);
  const known = new Set(folders);
  const found: Incoming[] = [];
  for (const entry of readArchive(file)) {
    const parts = entry.path.split('/');
    // The instructor's solutions never travel with hidden tests, whatever the archive holds.
    if (parts.some((part) => part === 'solutions' || part === 'node_modules' || part === '.git'))
      continue;
    const at = parts.findIndex((part) => known.has(part));
    if (at === -1) continue;
    found.push({ folder: parts[at], rest: parts.slice(at + 1).join('/'), read: () => entry.data });
  }
  return found;
}

function studentFiles(root: string, folder: string): Set<string> {
  try {
    const manifest = JSON.parse(
      fs.readFileSync(manifestPath(path.join(exercisesDir(root), folder)), 'utf8'),
    ) as { files?: string[] };
    return new Set(manifest.files ?? []);
  } catch {
    return new Set();
  }
}
