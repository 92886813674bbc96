import * as fs from 'fs';

/**
 * The entries of a folder, or none when it cannot be read (gone, no permission, not a folder): a
 * walk over a tree someone else wrote, a student's submission or a sandboxed job's output, passes
 * over what it may not read instead of failing.
 */
export function readableEntries(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
