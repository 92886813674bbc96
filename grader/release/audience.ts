import * as fs from 'fs';
import * as path from 'path';
import type { Argv } from 'yargs';
import { graderRoot } from '../paths';

// Who a copy of the grader is for. The instructor's repository offers every command; the copy
// `grader release` builds for students offers only the commands a student uses, so its `--help`
// shows nothing that needs solutions or hidden tests. One list decides, for the CLI and for the
// scripts the released package.json keeps.

/** The instructor's way past release's proof of the course: long, so nobody types it by habit. */
export const SKIP_VERIFY_FLAG = '--skip-verify-i-know-this-is-unsafe';

/** The commands of a student copy, in the order `grader --help` lists them. */
export const STUDENT_COMMANDS = ['check', 'watch', 'hint', 'status', 'ci'] as const;

/**
 * Written by the release into the copy's grader/: its presence is what makes a copy the
 * students'. A file rather than a second entry point, so `node grader/cli.ts` and every npm script
 * behave the same way in a copy.
 */
export const STUDENT_MARKER = path.join('grader', 'release', 'STUDENT_COPY.md');

export const STUDENT_MARKER_TEXT = `# The students' copy of the grader

This file was written by \`grader release\`. While it is here, the grader's CLI offers the student
commands only: ${STUDENT_COMMANDS.join(', ')}.
`;

export function isStudentCopy(root = graderRoot): boolean {
  return fs.existsSync(path.join(root, STUDENT_MARKER));
}

/** Does a copy for this audience offer the command? */
export function offers(student: boolean, command: string): boolean {
  return !student || (STUDENT_COMMANDS as readonly string[]).includes(command);
}

/** The command's name in a yargs command spec: `'check <exercise>'`, `['status', 'list']`, a module. */
export function commandName(spec: unknown): string {
  const first = Array.isArray(spec)
    ? spec[0]
    : typeof spec === 'object' && spec !== null
      ? (spec as { command?: string | string[] }).command
      : spec;
  const text = Array.isArray(first) ? first[0] : first;
  return typeof text === 'string' ? text.trim().split(/\s+/)[0] : '';
}

/**
 * `cli` whose `.command(...)` registers a command only when `offered(name)`: the CLI keeps
 * declaring every command in one chain, and a student copy simply does not get the others (they
 * are neither listed nor runnable: strict mode rejects them as unknown).
 */
export function registeringOnly<T>(cli: Argv<T>, offered: (name: string) => boolean): Argv<T> {
  const register = cli.command.bind(cli) as (...args: unknown[]) => Argv<T>;
  const command = (...args: unknown[]) => (offered(commandName(args[0])) ? register(...args) : cli);
  return Object.assign(cli, { command: command as unknown as Argv<T>['command'] });
}
