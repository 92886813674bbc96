import * as fs from 'fs';
import * as path from 'path';
import { readableEntries } from './dir-entries';
import { temporaryFolder } from './test/scratch';

test('a folder gives its entries; a missing folder or a file gives none instead of throwing', () => {
  const dir = temporaryFolder('grader-entries-');
  fs.writeFileSync(path.join(dir, 'a.ts'), '');
  fs.mkdirSync(path.join(dir, 'sub'));
  expect(
    readableEntries(dir)
      .map((entry) => `${entry.name}${entry.isDirectory() ? '/' : ''}`)
      .sort(),
  ).toEqual(['a.ts', 'sub/']);
  expect(readableEntries(path.join(dir, 'gone'))).toEqual([]);
  expect(readableEntries(path.join(dir, 'a.ts'))).toEqual([]);
});
