import * as fs from 'fs';
import * as path from 'path';

/**
 * Node's permission model (`--experimental-permission` on Node 20) around every test process:
 * the platform, not a list of patched functions, decides what graded code may touch. With it,
 * `inspector` sessions (in any thread), `process.binding`, the SIGUSR1 debugger and file access
 * outside the allowed paths (so `/proc/self/mem`) are refused. See docs/security.md.
 */
export interface PermissionScope {
  /** Files and folders the tests may read: the course code they run and the student's files. */
  read: string[];
  /** Folders the tests may write: the run's private temporary folder and jest's cache. */
  write: string[];
}

/** What a test process needs: the course code it runs, the student's files, its own folders. */
export function testProcessScope(where: {
  graderRoot: string;
  exerciseDir: string;
  subjectRoot: string;
  tsCache: string;
  jestCache: string;
  tmp: string;
}): PermissionScope {
  return {
    read: [
      path.join(where.graderRoot, 'node_modules'),
      path.join(where.graderRoot, 'package.json'),
      path.join(where.graderRoot, 'tsconfig.json'),
      path.join(where.graderRoot, 'grader'),
      where.exerciseDir,
      where.tsCache,
      where.subjectRoot,
      where.jestCache,
      where.tmp,
    ],
    write: [where.jestCache, where.tmp],
  };
}

/**
 * The node options that put a process under the model. They travel in NODE_OPTIONS, so every
 * process that keeps the environment gets them too; the child guard (runtime/child-guard.js) gives
 * them to Node children started with an environment of their own.
 */
export function permissionOptions(scope: PermissionScope): string[] {
  return [
    '--experimental-permission',
    ...withRealPaths(scope.read).map((item) => `--allow-fs-read=${item}`),
    ...withRealPaths(scope.write).map((item) => `--allow-fs-write=${item}`),
    // The course starts workers and forks children; both stay under the model (child-guard.js).
    '--allow-worker',
    '--allow-child-process',
    // Node's notes on every start (the model is experimental; workers and children are allowed)
    // would otherwise open every crash message a student reads.
    '--disable-warning=ExperimentalWarning',
    '--disable-warning=SecurityWarning',
  ];
}

/**
 * Each path once, and its real path too: Node resolves modules through real paths (a linked
 * node_modules is seen at both). Node 20.20 takes one path per flag (a comma is part of a name).
 */
function withRealPaths(paths: string[]): string[] {
  const all = new Set<string>();
  for (const item of paths) {
    if (!fs.existsSync(item)) continue;
    all.add(item);
    all.add(fs.realpathSync(item));
  }
  for (const item of all)
    if (item.includes('"'))
      throw new Error(`cannot grant access to ${item}: a path with '"' cannot go in NODE_OPTIONS`);
  // Node 20.20 refuses everything ("Access to this API has been restricted", at jest's start) when
  // one granted path lies inside another, as a job's workspace in /tmp does inside the sandbox's
  // /tmp: a path its parent already grants is left out.
  const granted = [...all];
  return granted.filter((item) => !granted.some((other) => other !== item && inside(item, other)));
}

const inside = (item: string, folder: string) =>
  item.startsWith(folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`);

/** NODE_OPTIONS for a list of options, each quoted (paths may hold spaces). */
export function nodeOptions(options: string[]): string {
  return options.map((option) => (/\s/.test(option) ? `"${option}"` : option)).join(' ');
}
