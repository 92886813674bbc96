import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The grader's own tests leave nothing in the machine's temporary folder: an instructor runs them
// on the machine that grades, and hundreds of stale copies of courses and subjects add up.

const created: string[] = [];

/** A new folder under the temporary folder, removed when the test file is done. */
export function temporaryFolder(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTemporaryFolders(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

// Each test file loads its own copy of this module, so each removes its own folders. Scripts that
// tests start load the fixtures too, outside jest: there is no afterAll to register with there.
if (typeof afterAll === 'function') afterAll(removeTemporaryFolders);
