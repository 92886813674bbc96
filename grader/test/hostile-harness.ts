import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { graderRoot } from '../paths';
import { readableEntries } from '../dir-entries';

// What the hostile test needs around a grade run: a throwaway copy of the project (student code
// that escapes may delete or rewrite it, never the checkout the test runs from, which other test
// files are using at the same time), digests of folders before and after, the processes a run
// leaves behind, and the run itself in a process of its own.

/**
 * Makes temporary folders (`tmp(prefix)`) removed after the file's tests, or kept and printed with
 * HOSTILE_KEEP=1 to look into what a run left.
 */
export function scratchFolders(): (prefix: string) => string {
  const made: string[] = [];
  afterAll(() => {
    if (process.env.HOSTILE_KEEP) console.log(`kept: ${made.join(' ')}`);
    else for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/** Everything of the project but its history and caches; node_modules is a real copy, not links. */
export function copyProject(dest: string): void {
  const skip = new Set(['.git', '.grader', 'node_modules']);
  for (const name of fs.readdirSync(graderRoot)) {
    if (skip.has(name)) continue;
    fs.cpSync(path.join(graderRoot, name), path.join(dest, name), { recursive: true });
  }
  // cp is much faster than fs.cpSync over thousands of files; the test runs on Linux only.
  const copied = spawnSync('cp', ['-a', path.join(graderRoot, 'node_modules'), dest]);
  if (copied.status !== 0) throw new Error(`copying node_modules failed: ${copied.stderr}`);
}

/** sha1 of every file under `root` (a link by its target), by '/'-separated relative path. */
export function digestTree(root: string, skip: (relative: string) => boolean = () => false) {
  const digests = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readableEntries(dir)) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full).split(path.sep).join('/');
      if (skip(relative)) continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isSymbolicLink()) digests.set(relative, `link:${fs.readlinkSync(full)}`);
      else {
        try {
          digests.set(
            relative,
            crypto.createHash('sha1').update(fs.readFileSync(full)).digest('hex'),
          );
        } catch (error) {
          digests.set(relative, `unreadable:${(error as NodeJS.ErrnoException).code}`);
        }
      }
    }
  };
  walk(root);
  return digests;
}

/** "changed a", "added b", "removed c" between two digests of one folder. */
export function treeChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [file, digest] of after) {
    if (!before.has(file)) changes.push(`added ${file}`);
    else if (before.get(file) !== digest) changes.push(`changed ${file}`);
  }
  for (const file of before.keys()) if (!after.has(file)) changes.push(`removed ${file}`);
  return changes.sort();
}

export interface LiveProcess {
  pid: number;
  cmdline: string;
}

/**
 * Processes of one grade run: those whose environment carries `HOSTILE_TEST_BATCH=<mark>` (set for
 * the run, inherited by everything it starts unless a sandbox scrubs it) and those named with a
 * fixture's HOSTILE_MARK_ (sleepers that a sandbox must kill whatever their environment).
 */
export function runProcesses(mark: string): LiveProcess[] {
  return processesWhere(
    (cmdline, environ) =>
      environ.includes(`HOSTILE_TEST_BATCH=${mark}`) || cmdline.includes('HOSTILE_MARK_'),
  );
}

/** Every process but this one whose command line and environment pass `match`. */
export function processesWhere(
  match: (cmdline: string, environ: string[]) => boolean,
): LiveProcess[] {
  const found: LiveProcess[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').join(' ');
      const environ = fs.readFileSync(`/proc/${name}/environ`, 'latin1').split('\0');
      if (match(cmdline, environ)) found.push({ pid: Number(name), cmdline: cmdline.trim() });
    } catch {
      // Gone, or a kernel thread.
    }
  }
  return found;
}

/** Kills what a run left behind (after it was recorded as a failure), by pid only. */
/** The processes whose TMPDIR is `dir`: what a CLI started with that TMPDIR still runs. */
export const processesUsing = (dir: string): LiveProcess[] =>
  processesWhere((_, environ) => environ.includes(`TMPDIR=${dir}`));

export function killAll(processes: LiveProcess[]): void {
  for (const { pid } of processes) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

export async function until(condition: () => boolean, limitMs: number): Promise<boolean> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > limitMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return true;
}

export interface GradeRun {
  child: ChildProcess;
  output(): string;
  /** Exit code, or the signal's name when it was killed. */
  exited: Promise<number | string>;
  startedAt: number;
}

export interface RunSetup {
  /** The project copy whose grader runs (and whose course grades). */
  project: string;
  options: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  /**
   * Runs the grade inside `bwrap --dev-bind / /` with these paths replaced by small tmpfs mounts
   * (bytes), to simulate a full disk; `after` is a shell command run inside once grade has ended
   * (a tmpfs vanishes with its mount namespace: copy out what must outlive it).
   */
  tmpfs?: { path: string; bytes: number }[];
  after?: string;
}

/** Starts `grade` of the project copy in a process of its own (hostile-driver.ts). */
export function startGrade(setup: RunSetup): GradeRun {
  const node = [
    process.execPath,
    '-r',
    path.join(setup.project, 'grader', 'runtime', 'register.js'),
    path.join(setup.project, 'grader', 'test', 'hostile-driver.ts'),
    JSON.stringify(setup.options),
  ];
  let command = node;
  if (setup.tmpfs) {
    const mounts = setup.tmpfs.flatMap((mount) => [
      '--size',
      String(mount.bytes),
      '--tmpfs',
      mount.path,
    ]);
    const script = `"$@"; code=$?; ${setup.after ?? 'true'}; exit $code`;
    command = ['bwrap', '--dev-bind', '/', '/', ...mounts, 'sh', '-c', script, 'grade', ...node];
  }
  const env = { ...setup.env };
  delete env.GRADER_TS_CACHE;
  const child = spawn(command[0], command.slice(1), {
    cwd: setup.project,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('close', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, output: () => output, exited, startedAt: Date.now() };
}

/** Per job, from grade's progress lines: seconds from start to record, as the grader saw them. */
export function jobSeconds(output: string): Map<string, number> {
  const seconds = new Map<string, number>();
  for (const match of output.matchAll(/^\[\s*\d+\/\d+\] (\S+) (\S+) .*\((\d+(?:\.\d+)?) s\)$/gm))
    seconds.set(`${match[1]} ${match[2]}`, Number(match[3]));
  return seconds;
}
