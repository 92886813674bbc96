import * as path from 'path';
import type { Location } from '../result/types';
import { memoryRefusedMessage } from './student-messages';

const ANSI = /\u001b\[[0-9;]*m/g;
const STACK_LINE = /^\s+at /;
const ALLOCATION_REFUSED = /RangeError: Array buffer allocation failed/;
/**
 * Turns jest's failure text into what a student needs: the explanation and expected/received
 * lines without the stack, absolute paths made relative, and the first place in the student's own
 * code that the stack passes through (for an editor jump or a CI annotation).
 */
export function cleanFailure(
  raw: string,
  roots: { subjectRoot: string; graderRoot: string; studentFiles?: string[] },
): { message: string; location?: Location } {
  const lines = raw.replace(ANSI, '').split('\n');
  const firstFrame = lines.findIndex((line) => STACK_LINE.test(line));
  const said = (firstFrame === -1 ? lines : lines.slice(0, firstFrame))
    .join('\n')
    .trim()
    // "Error: " says nothing to a student; a thrown TypeError keeps its name.
    .replace(/^Error: /, '');
  // What V8 throws when the kernel's memory cap (run/data-limit.ts) refuses an allocation.
  const body = ALLOCATION_REFUSED.test(said) ? `${memoryRefusedMessage()}\n${said}` : said;
  const location = lines
    .filter((line) => STACK_LINE.test(line))
    .map((line) => frameLocation(line, roots.subjectRoot, roots.studentFiles))
    .find((found) => found !== undefined);
  return { message: relativize(body, roots), location };
}

/** A stack frame line longer than this is no frame V8 wrote (its paths are far shorter). */
const MAX_FRAME_CHARS = 4096;
/** `file.ts:line:column`, with nothing after but a closing parenthesis and blanks. */
const FRAME_TAIL = /:(\d{1,9}):(\d{1,9})\)?\s*$/;

function frameLocation(
  frame: string,
  subjectRoot: string,
  studentFiles?: string[],
): Location | undefined {
  // Student text: the line is bounded before any pattern runs on it, and the patterns are
  // anchored at the end, so no input makes them backtrack over the whole line.
  if (frame.length > MAX_FRAME_CHARS) return undefined;
  const tail = FRAME_TAIL.exec(frame);
  if (!tail) return undefined;
  const before = frame.slice(0, tail.index);
  // The path starts after the last "(" or, in a frame without a function name, after "at ".
  const open = before.lastIndexOf('(');
  const file = (open === -1 ? before.replace(STACK_LINE, '') : before.slice(open + 1)).trim();
  if (!file.endsWith('.ts') || file.includes(')')) return undefined;
  const line = Number(tail[1]);
  const column = Number(tail[2]);
  // V8 counts from 1: a 0 was written by hand, and would point nowhere.
  if (line < 1 || column < 1) return undefined;
  if (studentFiles && !studentFiles.includes(path.resolve(file))) return undefined;
  const relative = path.relative(subjectRoot, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return { file: relative.split(path.sep).join('/'), line, column };
}

export function relativize(
  text: string,
  roots: { subjectRoot: string; graderRoot: string },
): string {
  return text
    .split(roots.subjectRoot + path.sep)
    .join('')
    .split(roots.graderRoot + path.sep)
    .join('');
}
