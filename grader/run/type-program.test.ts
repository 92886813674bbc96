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

describe('course code a student file imports is refused, never read', () => {
  // A hidden helper of constants: an error about a value of its namespace's type printed them all
  // (`Type '{ PHASE: 0; IDLE: 0; WOKEN: 1; ... }' is not assignable to type 'string'`).
  const helperText = 'export const STEERING_PHASE = 41;\nexport const STEERING_WOKEN = 43;\n';
  let hidden: string;
  let student: string;
  beforeAll(() => {
    hidden = path.join(dir, 'course', 'exercises', 'ex09', 'hidden');
    student = path.join(dir, 'submission', 'ex09');
    fs.mkdirSync(hidden, { recursive: true });
    fs.mkdirSync(student, { recursive: true });
    fs.writeFileSync(path.join(hidden, 'steering.ts'), helperText);
    fs.writeFileSync(path.join(hidden, 'book.json'), '{ "secretHint": "steer the lock" }\n');
    fs.symlinkSync(hidden, path.join(dir, 'link-to-hidden'));
  });

  const checkStudent = (imported: string) => {
    const file = path.join(student, 'counter.ts');
    fs.writeFileSync(
      file,
      `import * as helper from '${imported}';\nexport const leak: string = { ...helper };\n`,
    );
    return checkTypes([file], path.dirname(student));
  };

  const helper = () => path.join(hidden, 'steering.ts');
  const ways: [string, () => string][] = [
    ['an absolute path', () => helper().replace(/\.ts$/, '')],
    ['a relative path', () => path.relative(student, helper()).replace(/\.ts$/, '')],
    ['a symlink', () => path.join(dir, 'link-to-hidden', 'steering')],
    ...(process.platform === 'linux'
      ? [
          ['/proc/self/root', () => `/proc/self/root${helper().replace(/\.ts$/, '')}`] as [
            string,
            () => string,
          ],
        ]
      : []),
    ['a JSON file', () => path.join(hidden, 'book.json')],
  ];
  test.each(ways)('by %s: the error names the import only', (_how, imported) => {
    const wrote = imported();
    const diagnostics = checkStudent(wrote);
    expect(diagnostics).toEqual([
      {
        file: 'ex09/counter.ts',
        line: 1,
        column: 25,
        code: 'TS2307',
        message: `'${wrote}' is not available to your code: it may import only its own files (counter.ts) and packages.`,
      },
    ]);
    expect(JSON.stringify(diagnostics)).not.toMatch(/STEERING|41|43|secretHint|steer the lock/);
  });

  test('a reference path to course code is refused the same way', () => {
    const file = path.join(student, 'counter.ts');
    fs.writeFileSync(
      file,
      `/// <reference path="${helper()}" />\nexport const n = STEERING_PHASE;\n`,
    );
    const diagnostics = checkTypes([file], path.dirname(student));
    expect(diagnostics[0]).toMatchObject({
      code: 'TS6053',
      message: `'${helper()}' is not available to your code: it may import only its own files (counter.ts) and packages.`,
    });
    expect(JSON.stringify(diagnostics)).not.toMatch(/41|43/);
  });

  test('the submitted files import each other and packages as before', () => {
    fs.writeFileSync(path.join(student, 'mutex.ts'), 'export const FREE: number = 0;\n');
    const counter = path.join(student, 'counter.ts');
    fs.writeFileSync(
      counter,
      "import { FREE } from './mutex';\nimport * as os from 'os';\nexport const n: string = FREE + os.EOL;\n",
    );
    expect(checkTypes([counter, path.join(student, 'mutex.ts')], path.dirname(student))).toEqual(
      [],
    );
  });
});
