import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../user-error';

/**
 * The job sandbox: bubblewrap (`bwrap`) around a job's test process tree and its type-check. In it
 * the job has no network, its own PID namespace (a detached or setsid child dies with the job), a
 * read-only view of the system, Node and exactly the course files it needs, a size-capped private
 * /tmp (its only writable memory: the root and /dev are read-only), and one writable folder: its
 * workspace. See docs/security.md for what it does not cover.
 */
export type SandboxMode = 'auto' | 'required' | 'off';
export const SANDBOX_MODES: readonly SandboxMode[] = ['auto', 'required', 'off'];

export type SandboxStatus = { kind: 'bwrap'; version: string } | { kind: 'none'; reason: string };

export class SandboxUnavailableError extends UserError {}

/** What this machine offers, probed once per process by running a trivial command in a sandbox. */
let probed: SandboxStatus | undefined;
export function probeSandbox(): SandboxStatus {
  probed ??= probe();
  return probed;
}

function probe(): SandboxStatus {
  if (process.platform !== 'linux')
    return { kind: 'none', reason: `bubblewrap needs Linux (this is ${process.platform})` };
  const version = spawnSync('bwrap', ['--version'], { encoding: 'utf8', timeout: 5000 });
  if (version.error || version.status !== 0)
    return {
      kind: 'none',
      reason: 'bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)',
    };
  const trial = spawnSync(
    'bwrap',
    [
      ...baseArgs(1024 * 1024),
      ...systemBinds(),
      ...READ_ONLY_ROOT,
      '--',
      process.execPath,
      '-e',
      '',
    ],
    { encoding: 'utf8', timeout: 10_000 },
  );
  if (trial.status !== 0)
    return {
      kind: 'none',
      reason: `bwrap cannot create namespaces here (${(trial.stderr || trial.error?.message || `exit ${trial.status}`).trim()}); user namespaces may be forbidden`,
    };
  return { kind: 'bwrap', version: version.stdout.trim() };
}

/** The sandbox a run gets for a mode; `required` without one is an error, never a silent downgrade. */
export function sandboxFor(mode: SandboxMode): SandboxStatus {
  if (mode === 'off') return { kind: 'none', reason: 'turned off (--sandbox off)' };
  const status = probeSandbox();
  if (mode === 'required' && status.kind === 'none')
    throw new SandboxUnavailableError(`--sandbox required, but ${status.reason}`);
  return status;
}

interface Jail {
  /** Visible read-only at the same path inside (files or folders). */
  readOnly: string[];
  /** Visible read-write at the same path inside. */
  writable: string[];
  /** Size of the private /tmp. */
  tmpBytes: number;
  cwd: string;
}

/** The command line that runs `command args` inside the sandbox. */
export function jailed(
  command: string,
  args: string[],
  jail: Jail,
): { command: string; args: string[] } {
  // Writable first: a read-only folder inside a writable one (the exercise's tests inside the
  // student's exercises/ folder) stays read-only.
  const binds = [
    ...systemBinds(),
    ...jail.writable.flatMap((item) => ['--bind', item, item]),
    // A linked folder (a copy's node_modules pointing at another's) is seen at both paths: Node
    // resolves modules through the real one.
    ...[
      ...new Set(jail.readOnly.filter((item) => fs.existsSync(item)).flatMap(withRealPath)),
    ].flatMap((item) => ['--ro-bind', item, item]),
  ];
  return {
    command: 'bwrap',
    args: [
      ...baseArgs(jail.tmpBytes),
      ...binds,
      ...READ_ONLY_ROOT,
      '--chdir',
      jail.cwd,
      '--',
      command,
      ...args,
    ],
  };
}

/**
 * bwrap builds the sandbox's root and its /dev on tmpfs mounts of no size (half the machine's
 * memory each, and /dev/shm is a folder of /dev's): a job writing files into / or /dev filled the
 * machine's shared memory (6 GB in the measurement), which the tree's RSS watchdog does not see.
 * Both are remounted read-only once every mount point in them exists, so the only writable memory
 * is the size-capped /tmp. `--remount-ro` changes only the mount point named (bwrap.xml; in
 * bubblewrap.c it is a bind remount without MS_REC), so /tmp, /proc, /dev/pts and the device
 * nodes (bind mounts of their own) keep their flags. Last: later mounts would need their mount
 * points created in a writable root.
 */
const READ_ONLY_ROOT = ['--remount-ro', '/dev', '--remount-ro', '/'];

function withRealPath(item: string): string[] {
  const real = fs.realpathSync(item);
  return real === item ? [item] : [real, item];
}

function baseArgs(tmpBytes: number): string[] {
  return [
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(tmpBytes),
    '--tmpfs',
    '/tmp',
  ];
}

/** The system, read-only: binaries and libraries, their configuration, and Node itself. */
function systemBinds(): string[] {
  const args: string[] = [];
  for (const dir of ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc']) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(dir);
    } catch {
      continue;
    }
    if (stat.isSymbolicLink()) args.push('--symlink', fs.readlinkSync(dir), dir);
    else args.push('--ro-bind', dir, dir);
  }
  const node = fs.realpathSync(process.execPath);
  if (!['/usr/', '/bin/', '/sbin/'].some((prefix) => node.startsWith(prefix))) {
    // A Node installed elsewhere (nvm, a tarball): its whole prefix, for its libraries.
    const prefix = path.dirname(path.dirname(node));
    args.push('--ro-bind', prefix, prefix);
  }
  return args;
}

/**
 * A read-only, offline view of the whole machine, for a process that reads untrusted files but
 * runs none of their code (the type-checker): its risk is exhaustion, which its limits cover.
 */
export function readOnlyJail(command: string, args: string[]): { command: string; args: string[] } {
  return {
    command: 'bwrap',
    args: [
      '--unshare-all',
      '--die-with-parent',
      '--new-session',
      '--cap-drop',
      'ALL',
      '--ro-bind',
      '/',
      '/',
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--',
      command,
      ...args,
    ],
  };
}
