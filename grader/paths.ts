import * as path from 'path';

/** The course repository: the folder holding package.json, exercises/, grader/. */
export const courseRoot = path.resolve(__dirname, '..');

/** Paths print relative to the course (or to a given base) so messages read the same on every machine. */
export function displayPath(file: string, base = courseRoot): string {
  const relative = path.relative(base, file);
  return relative.startsWith('..') || path.isAbsolute(relative)
    ? file
    : relative.split(path.sep).join('/');
}
