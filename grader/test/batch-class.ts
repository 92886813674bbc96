import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { zipSync } from 'fflate';
import { loadCourse } from '../course/load';
import { readVariants } from '../verify/variants';

/** The batch grader's fixture course: two small exercises with fast, deterministic tests. */
export const batchCourse = path.join(__dirname, 'fixtures', 'batch-course');

const read = (...parts: string[]) => fs.readFileSync(path.join(batchCourse, ...parts), 'utf8');
const solution = {
  lock: () => read('solutions', 'ex01-lock', 'lock.ts'),
  gather: () => read('solutions', 'ex02-gather', 'gather.ts'),
};
const starter = {
  lock: () => read('exercises', 'ex01-lock', 'lock.ts'),
  gather: () => read('exercises', 'ex02-gather', 'gather.ts'),
};
/** A known-wrong solution's file, made from the solution and its diff as verify makes it. */
const wrong = (folder: string, variant: string, file: string) => {
  const course = loadCourse(batchCourse);
  const exercise = course.exercises.find((candidate) => candidate.folder === folder)!;
  return readVariants(course, exercise).variants.find((each) => each.name === variant)!.files[file];
};

/** The solution's lock with `release` replaced: the two broken locks students write. */
const lockWith = (replace: [string, string][]) =>
  replace.reduce((source, [from, to]) => {
    if (!source.includes(from)) throw new Error(`fixture changed: "${from}" not in the solution`);
    return source.replace(from, to);
  }, solution.lock());

/** Spins on the main thread while the lock is held: contended tests are killed. */
const busyWaitLock = `/** Runs async tasks one at a time. */
export class AsyncLock {
  private locked = false;

  async run<T>(task: () => Promise<T>): Promise<T> {
    while (this.locked) {
      // spin until the lock is free
    }
    this.locked = true;
    try {
      return await task();
    } finally {
      this.locked = false;
    }
  }
}
`;

/** Student repository layout: exercises/<folder>/<file>. */
function repo(files: { lock?: string; gather?: string }): Record<string, string> {
  const out: Record<string, string> = { 'README.md': '# my course work\n' };
  if (files.lock !== undefined) out['exercises/ex01-lock/lock.ts'] = files.lock;
  if (files.gather !== undefined) out['exercises/ex02-gather/gather.ts'] = files.gather;
  return out;
}

function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
}

const S_IFLNK = 0o120000;

/**
 * Builds a class of 17 submissions into a new folder: solutions, starters, known-wrong solutions
 * and every broken case the batch grader must survive. `expected` is the gradebook they must give.
 */
export function buildClass(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-class-'));
  const student = (id: string, files: Record<string, string | Buffer>) =>
    writeTree(path.join(dir, id), files);

  // Stray entries of a real download: skipped, never graded.
  fs.writeFileSync(path.join(dir, '.DS_Store'), '\0\0');
  fs.writeFileSync(path.join(dir, 'roster.txt'), 'the class list\n');

  student('ada', {
    ...repo({ lock: solution.lock(), gather: solution.gather() }),
    // A student cannot change how they are graded: their copy of the tests is never used.
    'exercises/ex01-lock/tests/lock.test.ts': "test('always passes', () => undefined);\n",
    'package.json': '{ "scripts": { "test": "true" } }\n',
  });
  student('ben', repo({ lock: starter.lock(), gather: starter.gather() }));
  student('cy', repo({ lock: wrong('ex01-lock', 'lifo', 'lock.ts'), gather: solution.gather() }));
  student(
    'dee',
    repo({
      lock: wrong('ex01-lock', 'no-finally', 'lock.ts'),
      gather: wrong('ex02-gather', 'one-at-a-time', 'gather.ts'),
    }),
  );
  student('eve', {
    ...repo({ gather: solution.gather() }),
    'exercises/ex01-lock/README.md': '# forgot to commit lock.ts\n',
  });
  student(
    'fay',
    repo({
      lock: lockWith([['private locked = false;', "private locked: boolean = 'no';"]]),
      gather: solution.gather(),
    }),
  );
  student('gus', repo({ lock: busyWaitLock }));
  student(
    'hal',
    repo({
      lock: lockWith([
        [
          'const next = this.waiters.shift();\n    // Hand the lock straight to the first waiter, or free it.\n    if (next) next();\n    else this.locked = false;',
          'this.locked = false; // forgets to wake whoever is waiting',
        ],
      ]),
    }),
  );
  student('ivy', repo({ lock: `process.exit(0);\n${solution.lock()}` }));

  // A zip wrapping the repository in one folder, as an LMS export does.
  fs.writeFileSync(
    path.join(dir, 'jo.zip'),
    zipSync({
      'jo-repo/exercises/ex01-lock/lock.ts': Buffer.from(solution.lock()),
      'jo-repo/exercises/ex02-gather/gather.ts': Buffer.from(solution.gather()),
      '__MACOSX/jo-repo/._lock.ts': Buffer.from('junk'),
    }),
  );
  // A zip of exercise folders at the top, and a bare file as uploaded to Gradescope.
  fs.writeFileSync(
    path.join(dir, 'kai.zip'),
    zipSync({
      'ex01-lock/lock.ts': Buffer.from(solution.lock()),
      'gather.ts': Buffer.from(solution.gather()),
    }),
  );
  // A link to another student's work.
  student('lee', { 'README.md': 'links\n' });
  fs.mkdirSync(path.join(dir, 'lee', 'exercises', 'ex01-lock'), { recursive: true });
  fs.symlinkSync(
    path.join(dir, 'ada', 'exercises', 'ex01-lock', 'lock.ts'),
    path.join(dir, 'lee', 'exercises', 'ex01-lock', 'lock.ts'),
  );
  // Binary junk where the source should be.
  student('max', {
    'exercises/ex01-lock/lock.ts': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0, 0]),
  });
  // Over the size limit (256 KB).
  student('ned', repo({ lock: `${'// padding\n'.repeat(30_000)}${solution.lock()}` }));
  // A folder on the path that leads out of the submission.
  student('oz', { 'README.md': 'links\n' });
  fs.symlinkSync(path.join(dir, 'ada', 'exercises'), path.join(dir, 'oz', 'exercises'));
  // Not a zip at all.
  fs.writeFileSync(path.join(dir, 'pat.zip'), 'this is not a zip\n');
  // A zip whose entries are a symbolic link and an absolute path.
  fs.writeFileSync(
    path.join(dir, 'quinn.zip'),
    zipSync({
      'exercises/ex01-lock/lock.ts': [
        Buffer.from('../../../ada/exercises/ex01-lock/lock.ts'),
        { os: 3, attrs: ((S_IFLNK | 0o777) << 16) >>> 0 },
      ],
      '/exercises/ex02-gather/gather.ts': Buffer.from(solution.gather()),
    }),
  );
  return dir;
}

/** Points per student: [ex01, ex02, total]; every student's max is 11. */
export const expectedPoints: Record<string, [number, number, number]> = {
  ada: [8, 3, 11],
  ben: [4, 0, 4],
  cy: [6, 3, 9],
  dee: [5, 1, 6],
  eve: [0, 3, 3],
  fay: [0, 3, 3],
  gus: [4, 0, 4],
  hal: [4, 0, 4],
  ivy: [0, 0, 0],
  jo: [8, 3, 11],
  kai: [8, 3, 11],
  lee: [0, 0, 0],
  max: [0, 0, 0],
  ned: [0, 0, 0],
  oz: [0, 0, 0],
  pat: [0, 0, 0],
  quinn: [0, 0, 0],
};
