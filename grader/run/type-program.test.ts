import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { graderRoot } from '../paths';
import { checkTypes, keptLibraryFiles } from './type-program';

// A checker process answers every job of a batch's runner: what one student's check leaves in it
// must not depend on what their file names, or one submission could fill it for the next one's.
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'type-program-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const check = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return checkTypes([file], dir);
};

test('the standard library and Node types are parsed once and kept for the next checks', () => {
  expect(
    check(
      'good.ts',
      "import * as fs from 'fs';\nexport const n: number = fs.constants.O_RDONLY;\n",
    ),
  ).toEqual([]);
  const kept = keptLibraryFiles();
  expect(kept).toBeGreaterThan(10);
  expect(check('bad.ts', 'export const two: number = "two";\n')).toEqual([
    expect.objectContaining({ file: 'bad.ts', line: 1, code: 'TS2322' }),
  ]);
  expect(keptLibraryFiles()).toBe(kept);
});

test('library files a student file names are parsed for that check only, under any path', () => {
  const kept = keptLibraryFiles();
  const library = path.join(graderRoot, 'node_modules', 'typescript', 'lib', 'lib.scripthost.d.ts');
  // The same file under another name each time: TypeScript parses each as a file of its own.
  const names = [library, ...(process.platform === 'linux' ? [`/proc/self/root${library}`] : [])];
  const text = names.map((name) => `/// <reference path="${name}" />\n`).join('');
  expect(check('names-libraries.ts', `${text}export const x = 1;\n`)).toEqual([]);
  expect(keptLibraryFiles()).toBe(kept);
});
