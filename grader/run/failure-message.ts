import * as path from 'path';
import type { Location } from '../result/types';

const ANSI = /\u001b\[[0-9;]*m/g;
const STACK_LINE = /^\s+at /;
const JEST_TIMEOUT = /Exceeded timeout of (\d+) ms/;

export function isJestTimeout(raw: string): boolean {
  return JEST_TIMEOUT.test(raw);
}

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
  const body = (firstFrame === -1 ? lines : lines.slice(0, firstFrame))
    .join('\n')
    .trim()
    // "Error: " says nothing to a student; a thrown TypeError keeps its name.
    .replace(/^Error: /, '');
  const location = lines
    .filter((line) => STACK_LINE.test(line))
    .map((line) => frameLocation(line, roots.subjectRoot, roots.studentFiles))
    .find((found) => found !== undefined);
  return { message: relativize(body, roots), location };
}

function frameLocation(
  frame: string,
  subjectRoot: string,
  studentFiles?: string[],
): Location | undefined {
  const match = /\(?((?:[A-Za-z]:)?[^():]+\.ts):(\d+):(\d+)\)?\s*$/.exec(frame);
  if (!match) return undefined;
  if (studentFiles && !studentFiles.includes(path.resolve(match[1]))) return undefined;
  const relative = path.relative(subjectRoot, match[1]);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return {
    file: relative.split(path.sep).join('/'),
    line: Number(match[2]),
    column: Number(match[3]),
  };
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
