import * as path from 'path';

/**
 * The grader's own root: the folder holding package.json, node_modules, grader/, schemas/ and
 * tsconfig.json. The course it grades is usually here too, but may be anywhere (`Course.root`).
 */
export const graderRoot = path.resolve(__dirname, '..');

/** Paths print relative to the grader's root (or to a given base) so messages read the same on every machine. */
export function displayPath(file: string, base = graderRoot): string {
  const relative = path.relative(base, file);
  return relative.startsWith('..') || path.isAbsolute(relative)
    ? file
    : relative.split(path.sep).join('/');
}
