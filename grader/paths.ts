import * as path from 'path';

/**
 * The grader's own root: the folder holding package.json, node_modules, grader/, schemas/ and
 * tsconfig.json. The course it grades is usually here too, but may be anywhere (`Course.root`).
 */
export const graderRoot = path.resolve(__dirname, '..');

/**
 * The grader's own state under a root, never committed (.gitignore, the release's too): caches,
 * a student's progress, scratch output. The transpile cache's place is set by
 * runtime/ts-cache.js, which runs before any TypeScript can.
 */
export const stateDir = (root = graderRoot) => path.join(root, '.grader');
export const STATE = {
  schemaCache: path.join(stateDir(), 'schema-cache'),
  demo: path.join(stateDir(), 'demo'),
} as const;

/** Paths print relative to the grader's root (or to a given base) so messages read the same on every machine. */
export function displayPath(file: string, base = graderRoot): string {
  const relative = path.relative(base, file);
  return relative.startsWith('..') || path.isAbsolute(relative)
    ? file
    : relative.split(path.sep).join('/');
}
