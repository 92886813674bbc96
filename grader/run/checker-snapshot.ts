import { spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { graderRoot, stateDir } from '../paths';

// Where the type-checker's startup snapshot (typecheck-snapshot.js) is kept, and its building.
// A snapshot holds V8's heap as this Node binary with these flags left it, so it is keyed by them
// and by every file the checker's answers depend on: an update, another Node or another heap limit
// finds no snapshot and builds its own. Building takes a few seconds in the background, so the
// checker that asked starts cold as before and the next ones start from the snapshot.

const BUILDER = path.join(__dirname, 'typecheck-snapshot.js');
const INPUTS = [
  'node_modules/typescript/package.json',
  'node_modules/@types/node/package.json',
  'tsconfig.json',
  'grader/paths.ts',
  'grader/runtime/ts-options.js',
  'grader/run/type-program.ts',
  'grader/run/type-reach.ts',
  'grader/run/typecheck-server.ts',
  'grader/run/typecheck-snapshot.js',
];
/** A build that has held the lock this long died: another may take it. */
const STALE_BUILD_MS = 120_000;

/** The snapshot's path for a checker started with these Node flags. */
export function snapshotFile(nodeArgs: string[], folder = snapshotFolder()): string {
  const hash = createHash('sha256').update(
    [process.execPath, process.version, process.arch, graderRoot, ...nodeArgs].join('\0'),
  );
  for (const file of INPUTS) {
    const full = path.join(graderRoot, file);
    hash.update(`\0${file}\0${fs.existsSync(full) ? fs.readFileSync(full) : ''}`);
  }
  return path.join(folder, `${hash.digest('hex').slice(0, 16)}.blob`);
}

export const snapshotFolder = (): string => path.join(stateDir(), 'typecheck-snapshot');

const asked = new Set<string>();

/**
 * The snapshot to start a checker with these Node flags from, if it is built; otherwise undefined,
 * and (once per process) its build is started in the background. GRADER_TYPECHECK_SNAPSHOT=0
 * turns snapshots off (a checker then always starts cold).
 */
export function checkerSnapshot(nodeArgs: string[], folder = snapshotFolder()): string | undefined {
  if (process.env.GRADER_TYPECHECK_SNAPSHOT === '0' || process.platform === 'win32') return;
  try {
    const file = snapshotFile(nodeArgs, folder);
    if (fs.existsSync(file)) return file;
    if (!asked.has(file)) {
      asked.add(file);
      buildSnapshot(file, nodeArgs);
    }
  } catch {
    // No snapshot (a read-only install, say): checkers start cold, as they always could.
  }
  return undefined;
}

/**
 * Builds the snapshot in a detached process that outlives this one (a check may end first): it
 * writes a partial file, renames it into place and removes older snapshots. One build at a time,
 * whichever process asks: the lock is a file created exclusively.
 */
export function buildSnapshot(file: string, nodeArgs: string[]): Promise<boolean> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  try {
    if (Date.now() - fs.statSync(lock).mtimeMs > STALE_BUILD_MS) fs.rmSync(lock, { force: true });
  } catch {
    // No lock: nobody builds.
  }
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    return Promise.resolve(false);
  }
  const partial = `${file}.${process.pid}.partial`;
  const finish = `
    const fs = require('fs'), path = require('path');
    const [node, builder, file, partial, lock, ...flags] = process.argv.slice(1);
    const built = require('child_process').spawnSync(node,
      [...flags, '--snapshot-blob', partial, '--build-snapshot', builder], { stdio: 'ignore' });
    try {
      if (built.status === 0) {
        fs.renameSync(partial, file);
        for (const name of fs.readdirSync(path.dirname(file)))
          if (name.endsWith('.blob') && path.join(path.dirname(file), name) !== file)
            fs.rmSync(path.join(path.dirname(file), name), { force: true });
      }
    } finally {
      fs.rmSync(partial, { force: true });
      fs.rmSync(lock, { force: true });
    }
    process.exitCode = built.status === 0 ? 0 : 1;`;
  const child = spawn(
    process.execPath,
    ['-e', finish, process.execPath, BUILDER, file, partial, lock, ...nodeArgs],
    // Nothing of the caller's: not its folder (a test may wait for it to be unused), nor its
    // environment (a grading run's marks, a student's variables).
    { detached: true, stdio: 'ignore', cwd: path.dirname(file), env: { PATH: process.env.PATH } },
  );
  child.unref();
  return new Promise((resolve) => {
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}
