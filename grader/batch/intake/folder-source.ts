import * as fs from 'fs';
import * as path from 'path';
import { readableEntries } from '../../dir-entries';
import type { Found, Limits, SubmissionFiles } from './source';
import { isToolNoise, MAX_LISTED_FILES, overFileLimit, refused, wrapperFolder } from './source';

/**
 * A submission that is a folder (a cloned repository, an unpacked export). Every component of a
 * path is checked with lstat: a symbolic link anywhere on the way is refused, never followed, so a
 * submission cannot point the grader at another student's work or at the instructor's files.
 */
export function folderFiles(
  root: string,
  limits: Limits,
  layoutNames: Set<string>,
): SubmissionFiles {
  const realRoot = fs.realpathSync(root);
  const top = fs.readdirSync(realRoot, { withFileTypes: true }).map((entry) => ({
    name: entry.name,
    isDirectory: entry.isDirectory(),
  }));
  const wrapper = wrapperFolder(top, layoutNames);
  const base = wrapper ? path.join(realRoot, wrapper) : realRoot;
  const shown = (segments: string[]) => [...(wrapper ? [wrapper] : []), ...segments].join('/');

  return {
    list: () => listFolder(base),
    read(relative: string): Found {
      const segments = relative.split('/');
      let current = base;
      for (let index = 0; index < segments.length; index++) {
        current = path.join(current, segments[index]);
        const from = shown(segments.slice(0, index + 1));
        const stat = fs.lstatSync(current, { throwIfNoEntry: false });
        if (!stat) return { kind: 'absent' };
        if (stat.isSymbolicLink())
          return refused(from, 'is a symbolic link (links are never followed)');
        const last = index === segments.length - 1;
        if (!last && !stat.isDirectory()) return { kind: 'absent' };
        if (last && !stat.isFile()) return refused(from, 'is not a regular file');
        if (last && stat.size > limits.maxFileBytes) return overFileLimit(from, stat.size, limits);
      }
      // Belt and braces: whatever the platform calls a link, the file must really be inside.
      const real = fs.realpathSync(current);
      const from = shown(segments);
      if (!real.startsWith(realRoot + path.sep)) return refused(from, 'leaves the submission');
      return { kind: 'file', from, data: fs.readFileSync(real) };
    },
  };
}

/**
 * Files under `base`, relative; links are listed, never followed (reading them refuses them). A
 * folder that cannot be read is passed over, and the walk stops after MAX_LISTED_FILES entries
 * (folders count too), so a hostile submission of a million empty folders costs nothing.
 */
function listFolder(base: string): string[] {
  const found: string[] = [];
  let visited = 0;
  const walk = (dir: string, prefix: string) => {
    for (const entry of readableEntries(dir)) {
      if (++visited > MAX_LISTED_FILES || isToolNoise(entry.name)) continue;
      const relative = prefix + entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${relative}/`);
      else found.push(relative);
    }
  };
  walk(base, '');
  return found.sort();
}
