import {
  probeSandbox,
  SandboxMode,
  sandboxFor,
  SandboxStatus,
  SandboxUnavailableError,
} from '../run/sandbox';
import { Io } from '../io';
import { UsageError } from '../user-error';

/**
 * The sandbox a command's jobs get: `required` without bubblewrap is a usage error (exit 2), and
 * `auto` without it says once, plainly, that jobs run unisolated and why.
 */
export function chooseSandbox(mode: SandboxMode, io: Io): SandboxStatus {
  let status: SandboxStatus;
  try {
    status = sandboxFor(mode);
  } catch (error) {
    if (error instanceof SandboxUnavailableError) throw new UsageError(error.message);
    throw error;
  }
  if (status.kind === 'none' && mode === 'auto')
    io.err(
      `warning: jobs run without a sandbox: ${status.reason}. Student code can then read and write ` +
        'what this user can, reach the network, and outlive its job (see docs/security.md).\n',
    );
  return status;
}

/** `grader doctor`: which isolation this machine gives jobs, and why. */
export function doctor(io: Io): number {
  const status = probeSandbox();
  io.out(`node ${process.version} on ${process.platform} ${process.arch}\n`);
  if (status.kind === 'bwrap') {
    io.out(
      `sandbox: bubblewrap (${status.version}): jobs run isolated by default (--sandbox auto)\n`,
    );
    io.out(
      '  no network, own PID namespace, read-only system and course files, private /tmp, ' +
        'writable workspace only\n',
    );
  } else {
    io.out(`sandbox: none: ${status.reason}\n`);
    io.out('  jobs run unisolated with a warning; --sandbox required refuses to grade\n');
  }
  io.out(
    'limits: whole-tree memory and process caps and per-test time limits apply in both modes\n',
  );
  return 0;
}
