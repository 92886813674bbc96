import * as fs from 'fs';
import * as path from 'path';
import { graderRoot } from '../paths';

// Who a copy of the grader is for. The instructor's repository offers every command; the copy
// `grader release` builds for students offers only the commands a student uses, so its `--help`
// shows nothing that needs solutions or hidden tests. One list decides, for the CLI and for the
// scripts the released package.json keeps.

/** The instructor's way past release's proof of the course: long, so nobody types it by habit. */
export const SKIP_VERIFY_OPTION = 'skip-verify-i-know-this-is-unsafe';
export const SKIP_VERIFY_FLAG = `--${SKIP_VERIFY_OPTION}`;

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
